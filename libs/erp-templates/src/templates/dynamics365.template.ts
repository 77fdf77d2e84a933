import { fieldLimit, type ErpTemplate } from '../erp-template';

/** Dataverse counts a string column's MaxLength in UTF-16 code units (.NET strings): an emoji takes two. */
const { truncate, reject } = fieldLimit;

/**
 * Dynamics 365 / Dataverse Web API. Upserts address a record by the alternate key ferry_externalid (created on
 * each entity during onboarding); lookups bind with @odata.bind to the related record's alternate key.
 */
const v1: ErpTemplate = {
  name: 'dynamics365',
  version: 1,
  erpKind: 'dynamics365',
  description: 'Microsoft Dynamics 365 / Dataverse Web API (OData v4), OAuth 2.0 client credentials',
  authKind: 'oauth2_client_credentials_secret',
  requiredSettings: ['clientId', 'tenantDirectoryId'],
  inbound: {
    customer: {
      recordType: 'accounts',
      expression: `{
        "customerId": $substring(externalId, 0, 6) = 'ferry-' ? $substring(externalId, 6) : 'dynamics-' & erpRecordId,
        "name": fields.name,
        "email": fields.emailaddress1,
        "phone": fields.telephone1,
        "accountNumber": fields.accountnumber,
        "currency": 'USD',
        "status": fields.statecode = 1 ? 'inactive' : 'active',
        "hierarchy": {}
      }`,
    },
  },
  credentialFields: ['clientSecret'],
  entities: {
    customer: {
      recordType: 'accounts',
      externalIdExpression: "'ferry-' & customer.customerId",
      fieldExpressions: {
        name: 'customer.name',
        accountnumber: 'customer.accountNumber',
        emailaddress1: 'customer.email',
        telephone1: 'customer.phone',
        address1_line1: 'customer.billingAddress.line1',
        address1_city: 'customer.billingAddress.city',
        address1_postalcode: 'customer.billingAddress.postalCode',
        address1_country: 'customer.billingAddress.countryCode',
        statecode: "customer.status = 'inactive' ? 1 : 0",
      },
      requiredFields: ['name'],
      fieldLimits: {
        name: truncate(160, 'utf16'),
        accountnumber: reject(20, 'utf16'),
        emailaddress1: reject(100, 'utf16'),
        telephone1: reject(50, 'utf16'),
        address1_line1: truncate(250, 'utf16'),
        address1_city: truncate(80, 'utf16'),
        address1_postalcode: reject(20, 'utf16'),
        address1_country: truncate(80, 'utf16'),
      },
    },
    sales_order: {
      recordType: 'salesorders',
      externalIdExpression: "'ferry-so-' & order.orderId",
      fieldExpressions: {
        name: 'order.orderNumber',
        'customerid_account@odata.bind': '"/accounts(ferry_externalid=\'ferry-" & order.customerId & "\')"',
        totalamount: '$number(order.total.amount)',
        requestdeliveryby: 'order.orderDate',
      },
      requiredFields: ['name', 'customerid_account@odata.bind'],
      fieldLimits: { name: reject(300, 'utf16') },
    },
    invoice: {
      recordType: 'invoices',
      externalIdExpression: "'ferry-inv-' & invoice.invoiceId",
      fieldExpressions: {
        name: 'invoice.invoiceNumber',
        'customerid_account@odata.bind': '"/accounts(ferry_externalid=\'ferry-" & invoice.customerId & "\')"',
        totalamount: '$number(invoice.total.amount)',
        duedate: 'invoice.dueDate',
      },
      requiredFields: ['name', 'customerid_account@odata.bind'],
      fieldLimits: { name: reject(300, 'utf16') },
    },
    payment: {
      recordType: 'msdyn_payments',
      externalIdExpression: "'ferry-pay-' & payment.paymentId",
      fieldExpressions: {
        msdyn_name: 'payment.reference ? payment.reference : payment.paymentId',
        msdyn_amount: '$number(payment.amount.amount)',
        'msdyn_customer@odata.bind': '"/accounts(ferry_externalid=\'ferry-" & payment.customerId & "\')"',
      },
      requiredFields: ['msdyn_amount'],
      fieldLimits: { msdyn_name: reject(100, 'utf16') },
    },
  },
};

export const DYNAMICS365_TEMPLATES = [v1];
