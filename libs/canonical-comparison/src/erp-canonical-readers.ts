import { hundredthsOf, periodOf } from './period-totals';
import { at, canonicalIdOfReference, stripPrefix, type CanonicalFieldReader, type CanonicalReader } from './canonical-reader';

/*
 * One reader per ERP and record type, the inverse of that ERP's template (libs/erp-templates): which ERP field
 * holds which canonical field, in the form the connector's read returns it (references as the ERP's own ids,
 * value maps reversed). A tenant's overridden expressions are not inverted: a field is compared only where the
 * tenant still writes the template's ERP field.
 */

const plain = (field: string, erpField: string, kind: CanonicalFieldReader['kind'] = 'text'): CanonicalFieldReader => ({
  field,
  erpField,
  kind,
  read: (fields) => at(fields, ...erpField.split('.')),
});

const primaryContactEmail = (body: Record<string, unknown>): unknown =>
  Array.isArray(body['contacts'])
    ? (body['contacts'] as Record<string, unknown>[]).find((contact) => contact['isPrimary'])?.['email']
    : undefined;

const activeOrInactive = (status: unknown) => (status === 'inactive' ? 'inactive' : 'active');

const NETSUITE_PAYMENT_TERMS: Record<string, string> = {
  'net 15': 'NET15',
  'net 30': 'NET30',
  'net 60': 'NET60',
  'due on receipt': 'DUE_ON_RECEIPT',
};

/** NetSuite answers a reference as { id, refName } and keeps externalId only when it was written that way. */
const netsuiteReference = (field: string, erpField: string, recordType: string, prefix: string): CanonicalFieldReader => ({
  field,
  erpField: `${erpField}.externalId`,
  kind: 'text',
  read: (fields, references) => {
    const externalId = at(fields, erpField, 'externalId');
    if (externalId !== undefined && externalId !== null) return stripPrefix(externalId, prefix);
    return canonicalIdOfReference(references, recordType, at(fields, erpField, 'id'), prefix);
  },
  reference: { erpRecordType: recordType, erpRecordIdOf: (fields) => at(fields, erpField, 'id') },
});

const netsuiteCustomer: CanonicalReader = {
  erpKind: 'netsuite',
  entityType: 'customer',
  recordType: 'customer',
  fields: [
    plain('name', 'companyName'),
    {
      field: 'email',
      erpField: 'email',
      kind: 'case_insensitive_text',
      read: (fields) => fields['email'],
      // Template v2 falls back to the primary contact's e-mail when the account has none.
      expected: (body, expression) => body['email'] ?? (expression.includes('contacts') ? primaryContactEmail(body) : null),
    },
    plain('phone', 'phone'),
    plain('accountNumber', 'accountNumber'),
    plain('currency', 'currency.refName', 'case_insensitive_text'),
    {
      field: 'paymentTerms',
      erpField: 'terms.refName',
      kind: 'case_insensitive_text',
      read: (fields) => {
        const name = at(fields, 'terms', 'refName');
        return typeof name === 'string' ? (NETSUITE_PAYMENT_TERMS[name.trim().toLowerCase()] ?? name) : name;
      },
    },
    {
      field: 'status',
      erpField: 'isInactive',
      kind: 'text',
      read: (fields) => (fields['isInactive'] === true || fields['isInactive'] === 'T' ? 'inactive' : 'active'),
      expected: (body) => activeOrInactive(body['status']),
    },
    netsuiteReference('hierarchy.parentCustomerId', 'parent', 'customer', 'ferry-'),
  ],
};

const netsuiteSalesOrder: CanonicalReader = {
  erpKind: 'netsuite',
  entityType: 'sales_order',
  recordType: 'salesOrder',
  fields: [
    netsuiteReference('customerId', 'entity', 'customer', 'ferry-'),
    plain('orderNumber', 'tranId'),
    plain('orderDate', 'tranDate', 'date'),
    plain('currency', 'currency.refName', 'case_insensitive_text'),
    plain('purchaseOrderNumber', 'otherRefNum'),
  ],
};

const netsuiteInvoice: CanonicalReader = {
  erpKind: 'netsuite',
  entityType: 'invoice',
  recordType: 'invoice',
  fields: [
    netsuiteReference('customerId', 'entity', 'customer', 'ferry-'),
    plain('invoiceNumber', 'tranId'),
    plain('issueDate', 'tranDate', 'date'),
    plain('dueDate', 'dueDate', 'date'),
    plain('currency', 'currency.refName', 'case_insensitive_text'),
    netsuiteReference('orderId', 'createdFrom', 'salesOrder', 'ferry-so-'),
  ],
};

/** Dataverse answers a lookup written with `<nav>@odata.bind` as `_<nav>_value`, the related row's GUID. */
const dataverseLookup = (navigation: string, entitySet: string, prefix: string) => ({
  erpField: `${navigation}@odata.bind`,
  kind: 'text' as const,
  read: (fields: Record<string, unknown>, references: Parameters<CanonicalFieldReader['read']>[1]) =>
    canonicalIdOfReference(references, entitySet, fields[`_${navigation}_value`], prefix),
  reference: { erpRecordType: entitySet, erpRecordIdOf: (fields: Record<string, unknown>) => fields[`_${navigation}_value`] },
});

const dynamicsAccount: CanonicalReader = {
  erpKind: 'dynamics365',
  entityType: 'customer',
  recordType: 'accounts',
  fields: [
    plain('name', 'name'),
    plain('accountNumber', 'accountnumber'),
    plain('email', 'emailaddress1', 'case_insensitive_text'),
    plain('phone', 'telephone1'),
    plain('billingAddress.line1', 'address1_line1'),
    plain('billingAddress.city', 'address1_city'),
    plain('billingAddress.postalCode', 'address1_postalcode'),
    plain('billingAddress.countryCode', 'address1_country', 'case_insensitive_text'),
    {
      field: 'status',
      erpField: 'statecode',
      kind: 'text',
      read: (fields) => (Number(fields['statecode']) === 1 ? 'inactive' : 'active'),
      expected: (body) => activeOrInactive(body['status']),
    },
  ],
};

const dynamicsSalesOrder: CanonicalReader = {
  erpKind: 'dynamics365',
  entityType: 'sales_order',
  recordType: 'salesorders',
  fields: [
    plain('orderNumber', 'name'),
    { field: 'customerId', ...dataverseLookup('customerid_account', 'accounts', 'ferry-') },
    plain('total.amount', 'totalamount', 'number'),
    plain('orderDate', 'requestdeliveryby', 'date'),
  ],
};

const dynamicsInvoice: CanonicalReader = {
  erpKind: 'dynamics365',
  entityType: 'invoice',
  recordType: 'invoices',
  fields: [
    plain('invoiceNumber', 'name'),
    { field: 'customerId', ...dataverseLookup('customerid_account', 'accounts', 'ferry-') },
    plain('total.amount', 'totalamount', 'number'),
    plain('dueDate', 'duedate', 'date'),
  ],
  totals: {
    // A Dataverse invoice has no issue date: both sides are totalled by the month it falls due.
    periodField: 'dueDate',
    erp: (fields) => {
      const period = periodOf(fields['duedate']);
      const amount = hundredthsOf(fields['totalamount']);
      if (period === undefined || amount === undefined) return undefined;
      // statecode 2 Paid (statuscode 100001 in full; 100002 in part, amount left unknown: counted open), 3 Canceled.
      const state = Number(fields['statecode']);
      const settled = (state === 2 && Number(fields['statuscode']) !== 100002) || state === 3;
      return { period, amount, openBalance: settled ? 0 : amount };
    },
  },
};

const SAP_NAME_LENGTH = 40;

const sapBusinessPartner: CanonicalReader = {
  erpKind: 'sap_s4',
  entityType: 'customer',
  recordType: 'A_BusinessPartner',
  fields: [
    {
      field: 'name',
      erpField: 'OrganizationBPName1',
      kind: 'text',
      read: (fields) => fields['OrganizationBPName1'],
      expected: (body) => (typeof body['name'] === 'string' ? body['name'].slice(0, SAP_NAME_LENGTH) : body['name']),
    },
  ],
};

const sapSalesOrder: CanonicalReader = {
  erpKind: 'sap_s4',
  entityType: 'sales_order',
  recordType: 'A_SalesOrder',
  fields: [
    {
      // The adapter resolves { __ferryRef } to the business partner number before writing; SAP returns that number.
      field: 'customerId',
      erpField: 'SoldToParty',
      kind: 'text',
      read: (fields, references) => canonicalIdOfReference(references, 'A_BusinessPartner', fields['SoldToParty'], 'FERRY-'),
      reference: { erpRecordType: 'A_BusinessPartner', erpRecordIdOf: (fields) => fields['SoldToParty'] },
    },
    {
      field: 'purchaseOrderNumber',
      erpField: 'PurchaseOrderByCustomer',
      kind: 'text',
      read: (fields) => fields['PurchaseOrderByCustomer'],
      expected: (body) => body['purchaseOrderNumber'] ?? body['orderNumber'],
    },
    plain('currency', 'TransactionCurrency', 'case_insensitive_text'),
  ],
};

const oracleAccount: CanonicalReader = {
  erpKind: 'oracle_fusion',
  entityType: 'customer',
  recordType: 'accounts',
  fields: [
    plain('name', 'OrganizationName'),
    plain('email', 'PrimaryEmailAddress', 'case_insensitive_text'),
    plain('phone', 'PrimaryPhoneNumber'),
    plain('taxId', 'TaxpayerIdentificationNumber'),
  ],
};

const oracleSalesOrder: CanonicalReader = {
  erpKind: 'oracle_fusion',
  entityType: 'sales_order',
  recordType: 'salesOrdersForOrderHub',
  fields: [
    plain('orderNumber', 'SourceTransactionNumber'),
    plain('currency', 'TransactionalCurrencyCode', 'case_insensitive_text'),
    {
      field: 'customerId',
      erpField: 'BuyingPartyNumber',
      kind: 'text',
      read: (fields) => stripPrefix(fields['BuyingPartyNumber'], 'ferry-'),
    },
  ],
};

const oracleInvoice: CanonicalReader = {
  erpKind: 'oracle_fusion',
  entityType: 'invoice',
  recordType: 'receivablesInvoices',
  fields: [
    plain('invoiceNumber', 'TransactionNumber'),
    plain('issueDate', 'TransactionDate', 'date'),
    plain('dueDate', 'DueDate', 'date'),
    plain('currency', 'InvoiceCurrencyCode', 'case_insensitive_text'),
    {
      field: 'customerId',
      erpField: 'BillToCustomerNumber',
      kind: 'text',
      read: (fields) => stripPrefix(fields['BillToCustomerNumber'], 'ferry-'),
    },
  ],
};

export const CANONICAL_READERS: readonly CanonicalReader[] = [
  netsuiteCustomer,
  netsuiteSalesOrder,
  netsuiteInvoice,
  dynamicsAccount,
  dynamicsSalesOrder,
  dynamicsInvoice,
  sapBusinessPartner,
  sapSalesOrder,
  oracleAccount,
  oracleSalesOrder,
  oracleInvoice,
];

/** The reader for an ERP's record type, or undefined: that record type cannot be compared in canonical space yet. */
export function canonicalReaderFor(erpKind: string, recordType: string): CanonicalReader | undefined {
  return CANONICAL_READERS.find((reader) => reader.erpKind === erpKind && reader.recordType === recordType);
}
