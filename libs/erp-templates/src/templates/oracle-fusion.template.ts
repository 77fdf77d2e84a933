import { fieldLimit, type ErpTemplate } from '../erp-template';

/** Fusion's columns use character length semantics on AL32UTF8: a length counts code points, an emoji once. */
const { truncate, reject } = fieldLimit;

/** Oracle Fusion Cloud ERP REST (fscmRestApi / crmRestApi), upserts with the Upsert-Mode: true header. */
const v1: ErpTemplate = {
  name: 'oracle-fusion',
  version: 1,
  erpKind: 'oracle_fusion',
  description: 'Oracle Fusion Cloud ERP REST APIs, basic auth or OAuth 2.0 JWT assertion',
  authKind: 'basic',
  requiredSettings: ['username'],
  credentialFields: ['password'],
  entities: {
    customer: {
      recordType: 'accounts',
      externalIdExpression: "'ferry-' & customer.customerId",
      fieldExpressions: {
        OrganizationName: 'customer.name',
        PrimaryEmailAddress: 'customer.email',
        PrimaryPhoneNumber: 'customer.phone',
        TaxpayerIdentificationNumber: 'customer.taxId',
      },
      requiredFields: ['OrganizationName'],
      fieldLimits: {
        OrganizationName: truncate(360, 'codepoint'),
        PrimaryEmailAddress: reject(320, 'codepoint'),
        PrimaryPhoneNumber: reject(40, 'codepoint'),
        TaxpayerIdentificationNumber: reject(20, 'codepoint'),
      },
    },
    sales_order: {
      recordType: 'salesOrdersForOrderHub',
      externalIdExpression: "'ferry-so-' & order.orderId",
      fieldExpressions: {
        SourceTransactionNumber: 'order.orderNumber',
        SourceTransactionSystem: "'FERRY'",
        TransactionalCurrencyCode: 'order.currency',
        BuyingPartyNumber: "'ferry-' & order.customerId",
        lines: "[order.lines.{ 'SourceTransactionLineId': lineId, 'ProductNumber': sku, 'OrderedQuantity': $number(quantity) }]",
      },
      requiredFields: ['SourceTransactionNumber', 'BuyingPartyNumber', 'lines'],
      fieldLimits: { SourceTransactionNumber: reject(50, 'codepoint'), 'lines[].ProductNumber': reject(300, 'codepoint') },
    },
    invoice: {
      recordType: 'receivablesInvoices',
      externalIdExpression: "'ferry-inv-' & invoice.invoiceId",
      fieldExpressions: {
        TransactionNumber: 'invoice.invoiceNumber',
        TransactionDate: 'invoice.issueDate',
        DueDate: 'invoice.dueDate',
        InvoiceCurrencyCode: 'invoice.currency',
        BillToCustomerNumber: "'ferry-' & invoice.customerId",
        receivablesInvoiceLines:
          "[invoice.lines.{ 'Description': description ? description : sku, 'Quantity': $number(quantity), 'UnitSellingPrice': $number(unitPrice.amount) }]",
      },
      requiredFields: ['TransactionNumber', 'BillToCustomerNumber'],
      fieldLimits: { TransactionNumber: reject(20, 'codepoint') },
    },
    payment: {
      recordType: 'standardReceipts',
      externalIdExpression: "'ferry-pay-' & payment.paymentId",
      fieldExpressions: {
        ReceiptNumber: 'payment.reference ? payment.reference : payment.paymentId',
        Amount: '$number(payment.amount.amount)',
        Currency: 'payment.amount.currency',
        CustomerAccountNumber: "'ferry-' & payment.customerId",
      },
      requiredFields: ['ReceiptNumber', 'Amount'],
      fieldLimits: { ReceiptNumber: reject(30, 'codepoint') },
    },
  },
};

export const ORACLE_FUSION_TEMPLATES = [v1];
