import type { ErpTemplate } from '../erp-template';

/** Signed JSON delivery for systems Ferry has no adapter for: the receiver gets the canonical body, flattened a little. */
/** No field limits: a webhook receiver takes JSON strings of any length, and Ferry cannot know a receiver's own. */
const v1: ErpTemplate = {
  name: 'webhook',
  version: 1,
  erpKind: 'webhook',
  description: 'Generic HTTPS webhook, HMAC-SHA256 signed JSON (X-Ferry-Signature), idempotency key per delivery',
  authKind: 'hmac_sha256',
  requiredSettings: [],
  credentialFields: ['signingSecret'],
  entities: {
    customer: {
      recordType: 'customer',
      externalIdExpression: 'customer.customerId',
      fieldExpressions: {
        id: 'customer.customerId',
        name: 'customer.name',
        email: 'customer.email',
        currency: 'customer.currency',
        status: 'customer.status',
      },
      requiredFields: ['id', 'name'],
    },
    sales_order: {
      recordType: 'order',
      externalIdExpression: 'order.orderId',
      fieldExpressions: {
        id: 'order.orderId',
        number: 'order.orderNumber',
        customerId: 'order.customerId',
        date: 'order.orderDate',
        total: 'order.total',
        lines: '[order.lines.{ "sku": sku, "quantity": quantity, "unitPrice": unitPrice.amount }]',
      },
      requiredFields: ['id', 'customerId'],
    },
    invoice: {
      recordType: 'invoice',
      externalIdExpression: 'invoice.invoiceId',
      fieldExpressions: {
        id: 'invoice.invoiceId',
        number: 'invoice.invoiceNumber',
        customerId: 'invoice.customerId',
        dueDate: 'invoice.dueDate',
        total: 'invoice.total',
      },
      requiredFields: ['id'],
    },
    payment: {
      recordType: 'payment',
      externalIdExpression: 'payment.paymentId',
      fieldExpressions: {
        id: 'payment.paymentId',
        customerId: 'payment.customerId',
        amount: 'payment.amount',
        invoiceIds: 'payment.invoiceIds',
      },
      requiredFields: ['id'],
    },
    shipment: {
      recordType: 'shipment',
      externalIdExpression: 'shipment.shipmentId',
      fieldExpressions: {
        id: 'shipment.shipmentId',
        orderId: 'shipment.orderId',
        status: 'shipment.status',
        carrier: 'shipment.carrier',
        trackingNumber: 'shipment.trackingNumber',
      },
      requiredFields: ['id'],
    },
  },
};

export const WEBHOOK_TEMPLATES = [v1];
