import type { ErpTemplate } from '../erp-template';

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
      },
      requiredFields: ['TransactionNumber', 'BillToCustomerNumber'],
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
    },
  },
};

export const ORACLE_FUSION_TEMPLATES = [v1];
