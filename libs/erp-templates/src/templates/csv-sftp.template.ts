import { fieldLimit, type ErpTemplate } from '../erp-template';

/** The legacy ERP's columns have byte length semantics: a length counts UTF-8 bytes, a CJK character three. */
const { truncate, reject } = fieldLimit;

/** Legacy ERPs fed with CSV files over SFTP: one column per payload field, one file per batch window. */
const v1: ErpTemplate = {
  name: 'csv-sftp',
  version: 1,
  erpKind: 'csv_sftp',
  description: 'CSV files over SFTP with a control file and acknowledgement files, for ERPs without an API',
  authKind: 'ssh_key',
  requiredSettings: ['username', 'hostKeyFingerprint'],
  credentialFields: ['privateKeyPem'],
  entities: {
    customer: {
      recordType: 'CUSTOMERS',
      externalIdExpression: "'ferry-' & customer.customerId",
      fieldExpressions: {
        CUSTOMER_NO: "'ferry-' & customer.customerId",
        NAME: 'customer.name',
        EMAIL: 'customer.email',
        CURRENCY: 'customer.currency',
        COUNTRY: 'customer.billingAddress.countryCode',
      },
      requiredFields: ['CUSTOMER_NO', 'NAME'],
      fieldLimits: {
        CUSTOMER_NO: reject(64, 'utf8'),
        NAME: truncate(60, 'utf8'),
        EMAIL: reject(120, 'utf8'),
        CURRENCY: reject(3, 'utf8'),
        COUNTRY: reject(2, 'utf8'),
      },
    },
    sales_order: {
      recordType: 'ORDERS',
      externalIdExpression: "'ferry-so-' & order.orderId",
      fieldExpressions: {
        ORDER_NO: 'order.orderNumber',
        CUSTOMER_NO: "'ferry-' & order.customerId",
        ORDER_DATE: 'order.orderDate',
        TOTAL: 'order.total.amount',
        CURRENCY: 'order.currency',
      },
      requiredFields: ['ORDER_NO', 'CUSTOMER_NO'],
      fieldLimits: { ORDER_NO: reject(30, 'utf8'), CUSTOMER_NO: reject(64, 'utf8') },
    },
    invoice: {
      recordType: 'INVOICES',
      externalIdExpression: "'ferry-inv-' & invoice.invoiceId",
      fieldExpressions: {
        INVOICE_NO: 'invoice.invoiceNumber',
        CUSTOMER_NO: "'ferry-' & invoice.customerId",
        DUE_DATE: 'invoice.dueDate',
        TOTAL: 'invoice.total.amount',
        CURRENCY: 'invoice.currency',
      },
      requiredFields: ['INVOICE_NO', 'CUSTOMER_NO'],
      fieldLimits: { INVOICE_NO: reject(30, 'utf8'), CUSTOMER_NO: reject(64, 'utf8') },
    },
    payment: {
      recordType: 'PAYMENTS',
      externalIdExpression: "'ferry-pay-' & payment.paymentId",
      fieldExpressions: {
        PAYMENT_NO: 'payment.paymentId',
        CUSTOMER_NO: "'ferry-' & payment.customerId",
        AMOUNT: 'payment.amount.amount',
        CURRENCY: 'payment.amount.currency',
      },
      requiredFields: ['PAYMENT_NO', 'AMOUNT'],
      fieldLimits: { PAYMENT_NO: reject(64, 'utf8'), CUSTOMER_NO: reject(64, 'utf8') },
    },
    shipment: {
      recordType: 'SHIPMENTS',
      externalIdExpression: "'ferry-ship-' & shipment.shipmentId",
      fieldExpressions: {
        SHIPMENT_NO: 'shipment.shipmentId',
        ORDER_REF: 'shipment.orderId',
        CARRIER: 'shipment.carrier',
        TRACKING_NO: 'shipment.trackingNumber',
        STATUS: 'shipment.status',
      },
      requiredFields: ['SHIPMENT_NO', 'ORDER_REF'],
      fieldLimits: {
        SHIPMENT_NO: reject(64, 'utf8'),
        ORDER_REF: reject(64, 'utf8'),
        CARRIER: truncate(40, 'utf8'),
        TRACKING_NO: reject(64, 'utf8'),
      },
    },
  },
};

export const CSV_SFTP_TEMPLATES = [v1];
