import { fieldLimit, type ErpTemplate } from '../erp-template';

/** NetSuite counts text fields in UTF-16 code units (Java strings): an emoji takes two. */
const { truncate, reject } = fieldLimit;

const paymentTerms = { NET15: 'Net 15', NET30: 'Net 30', NET60: 'Net 60', DUE_ON_RECEIPT: 'Due on receipt' };
const lines = (collection: string) =>
  `${collection}.{ "item": { "externalId": sku }, "quantity": $number(quantity), "rate": $number(unitPrice.amount), "description": description, "taxCode": taxCode ? { "refName": taxCode } }`;

/**
 * NetSuite REST record service (OneWorld account). References to other records use the external id Ferry gave
 * them, so an order needs no look-up of its customer's internal id.
 */
const v1: ErpTemplate = {
  name: 'netsuite',
  version: 1,
  erpKind: 'netsuite',
  description: 'Oracle NetSuite, REST web services, OAuth 2.0 machine-to-machine (certificate JWT assertion)',
  authKind: 'oauth2_client_credentials_jwt',
  requiredSettings: ['clientId', 'certificateId'],
  inbound: {
    customer: {
      recordType: 'customer',
      expression: `{
        "customerId": $substring(externalId, 0, 6) = 'ferry-' ? $substring(externalId, 6) : 'netsuite-' & erpRecordId,
        "name": fields.companyName,
        "email": fields.email,
        "phone": fields.phone,
        "accountNumber": fields.accountNumber,
        "currency": fields.currency.refName ? fields.currency.refName : 'USD',
        "status": fields.isInactive ? 'inactive' : 'active',
        "hierarchy": {}
      }`,
    },
  },
  credentialFields: ['privateKeyPem'],
  entities: {
    customer: {
      recordType: 'customer',
      externalIdExpression: "'ferry-' & customer.customerId",
      fieldExpressions: {
        companyName: 'customer.name',
        email: 'customer.email',
        phone: 'customer.phone',
        'currency.refName': 'customer.currency',
        'terms.refName': "$valueMap('paymentTerms', customer.paymentTerms)",
        isInactive: "customer.status = 'inactive'",
        'parent.externalId': "customer.hierarchy.parentCustomerId ? 'ferry-' & customer.hierarchy.parentCustomerId",
      },
      valueMaps: { paymentTerms },
      defaults: { 'subsidiary.id': '1' },
      requiredFields: ['companyName', 'subsidiary.id'],
      fieldLimits: {
        companyName: truncate(83, 'utf16'),
        email: reject(254, 'utf16'),
        phone: reject(32, 'utf16'),
        accountNumber: reject(99, 'utf16'),
      },
    },
    sales_order: {
      recordType: 'salesOrder',
      externalIdExpression: "'ferry-so-' & order.orderId",
      fieldExpressions: {
        'entity.externalId': "'ferry-' & order.customerId",
        tranId: 'order.orderNumber',
        tranDate: 'order.orderDate',
        'currency.refName': 'order.currency',
        otherRefNum: 'order.purchaseOrderNumber',
        'item.items': `[${lines('order.lines')}]`,
      },
      requiredFields: ['entity.externalId', 'item.items'],
      fieldLimits: { tranId: reject(45, 'utf16'), otherRefNum: reject(45, 'utf16'), 'item.items[].description': truncate(4000, 'utf16') },
    },
    invoice: {
      recordType: 'invoice',
      externalIdExpression: "'ferry-inv-' & invoice.invoiceId",
      fieldExpressions: {
        'entity.externalId': "'ferry-' & invoice.customerId",
        tranId: 'invoice.invoiceNumber',
        tranDate: 'invoice.issueDate',
        dueDate: 'invoice.dueDate',
        'currency.refName': 'invoice.currency',
        'createdFrom.externalId': "invoice.orderId ? 'ferry-so-' & invoice.orderId",
        'item.items': `[${lines('invoice.lines')}]`,
      },
      requiredFields: ['entity.externalId', 'item.items'],
      fieldLimits: { tranId: reject(45, 'utf16'), 'item.items[].description': truncate(4000, 'utf16') },
    },
    payment: {
      recordType: 'customerPayment',
      externalIdExpression: "'ferry-pay-' & payment.paymentId",
      fieldExpressions: {
        'customer.externalId': "'ferry-' & payment.customerId",
        payment: '$number(payment.amount.amount)',
        'currency.refName': 'payment.amount.currency',
        tranDate: "$fromMillis(payment.receivedAt, '[Y0001]-[M01]-[D01]')",
        memo: 'payment.reference',
      },
      requiredFields: ['customer.externalId', 'payment'],
      fieldLimits: { memo: truncate(999, 'utf16') },
    },
    shipment: {
      recordType: 'itemFulfillment',
      externalIdExpression: "'ferry-ship-' & shipment.shipmentId",
      fieldExpressions: {
        'createdFrom.externalId': "'ferry-so-' & shipment.orderId",
        shipStatus: "$valueMap('shipStatus', shipment.status)",
        'shipMethod.refName': 'shipment.carrier',
        'package.items': '[shipment.{ "packageTrackingNumber": trackingNumber }]',
      },
      valueMaps: { shipStatus: { pending: 'A', shipped: 'C', delivered: 'C', returned: 'A' } },
      requiredFields: ['createdFrom.externalId'],
    },
  },
};

/** v2: customers carry their account number and primary billing contact's e-mail. */
const v2: ErpTemplate = {
  ...v1,
  version: 2,
  changes: 'customer: adds accountNumber and falls back to the primary contact e-mail when the account has none',
  entities: {
    ...v1.entities,
    customer: {
      ...v1.entities.customer!,
      fieldExpressions: {
        ...v1.entities.customer!.fieldExpressions,
        accountNumber: 'customer.accountNumber',
        email: 'customer.email ? customer.email : customer.contacts[isPrimary].email',
      },
    },
  },
};

export const NETSUITE_TEMPLATES = [v1, v2];
