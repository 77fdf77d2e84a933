import type { ErpTemplate } from '../erp-template';

/** Legacy ERPs fed with CSV files over SFTP: one column per payload field, one file per batch window. */
const v1: ErpTemplate = {
  name: 'csv-sftp',
  version: 1,
  erpKind: 'csv_sftp',
  description: 'CSV files over SFTP with a control file and acknowledgement files, for ERPs without an API',
  authKind: 'ssh_key',
  requiredSettings: ['username'],
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
    },
  },
};

export const CSV_SFTP_TEMPLATES = [v1];
