import type { EntityMapping } from '@ferry/contracts';
import { findTemplate, latestTemplate } from '@ferry/erp-templates';
import { assembleMappedRecord, compileExpression, mappingProgram, plainData } from '@ferry/mapping';
import { sampleCustomerUpserted, sampleInvoiceUpserted, sampleSalesOrderUpserted } from '@ferry/testing';
import type { ReferenceResolver } from './canonical-reader';
import { compareCanonical, writtenErpFieldsOf } from './canonical-comparison';
import { canonicalReaderFor } from './erp-canonical-readers';

/** The template's mapping evaluated in-process (the services run the same program in the sandbox). */
async function mapThroughTemplate(
  mapping: EntityMapping,
  event: unknown,
): Promise<{ externalId: string; payload: Record<string, unknown> }> {
  const { program, slots } = mappingProgram(mapping);
  const input = plainData(event);
  const outcomes = [];
  for (const expression of program.expressions) {
    const maps = expression.valueMaps === undefined ? undefined : program.valueMapSets[expression.valueMaps];
    const value = (await compileExpression(expression.text, expression.id).evaluate(input, {
      valueMap: (name: string, key: unknown) => (key === undefined || key === null ? undefined : maps?.[name]?.[String(key)]),
    })) as unknown;
    outcomes.push({ ok: true as const, value: plainData(value) });
  }
  return assembleMappedRecord(slots, outcomes);
}

/** ERP ids Ferry's books know: customer cust-1 is GUID-1 in Dataverse, business partner 1000001 in SAP, 7 in NetSuite. */
const knownErpIds = new Map([
  ['accounts/0f8c0000-0000-0000-0000-000000000001', 'ferry-cust-1'],
  ['A_BusinessPartner/1000001', 'FERRY-cust-1'],
  ['customer/7', 'ferry-cust-1'],
]);
const books: ReferenceResolver = { externalIdOf: (recordType, erpRecordId) => knownErpIds.get(`${recordType}/${erpRecordId}`) };

/**
 * What each connector's read returns for a record the ERP accepted as written, as the simulators store and
 * present it (simulators/*): extra ERP fields, references in the ERP's own ids.
 */
const readBack: Record<string, (payload: Record<string, unknown>) => Record<string, unknown>> = {
  // NetSuite presents references with refName/links and adds its own fields (account-store.ts, presentRecord).
  netsuite: (payload) => ({
    ...payload,
    ...(payload['subsidiary'] ? { subsidiary: { id: '1', refName: 'Honeycomb Mfg.' } } : {}),
    ...(payload['entity'] ? { entity: { id: '7', refName: 'Customer cust-1' } } : {}),
    balance: 0,
    dateCreated: '2026-11-20T10:00:00Z',
  }),
  // Dataverse resolves `<nav>@odata.bind` to `_<nav>_value` (dataverse-api.ts) and returns decimals as numbers.
  dynamics365: (payload) => {
    const fields: Record<string, unknown> = { statecode: 0, description: null };
    for (const [name, value] of Object.entries(payload)) {
      const bind = /^(.+)@odata\.bind$/.exec(name);
      if (bind) fields[`_${bind[1]}_value`] = String(value).includes("'ferry-cust-1'") ? '0f8c0000-0000-0000-0000-000000000001' : 'unknown';
      else fields[name] = typeof value === 'string' && /^\d+\.\d+$/.test(value) ? Number(value) : value;
    }
    return fields;
  },
  // The SAP adapter resolves { __ferryRef } to the partner number before it writes; deep inserts are not listed.
  sap_s4: (payload) => {
    const fields: Record<string, unknown> = { ...payload, BusinessPartnerFullName: payload['OrganizationBPName1'] };
    if (payload['SoldToParty']) fields['SoldToParty'] = '1000001';
    delete fields['to_BusinessPartnerAddress'];
    delete fields['to_Item'];
    return fields;
  },
  oracle_fusion: (payload) => ({ ...payload, PartyNumber: '100000123', CreationDate: '2026-11-20T10:00:00Z' }),
};

const events = {
  customer: () => {
    const event = sampleCustomerUpserted('acme', {
      customerId: 'cust-1',
      name: 'Honeycomb Manufacturing and Distribution International Holdings',
    });
    event.customer.taxId = 'DE123456789';
    return { event, body: event.customer as unknown as Record<string, unknown> };
  },
  sales_order: () => {
    const event = sampleSalesOrderUpserted('acme', { customerId: 'cust-1' });
    return { event, body: event.order as unknown as Record<string, unknown> };
  },
  invoice: () => {
    const event = sampleInvoiceUpserted('acme', 'cust-1');
    return { event, body: event.invoice as unknown as Record<string, unknown> };
  },
};

const cases: [template: string, entity: keyof typeof events][] = [
  ['netsuite', 'customer'],
  ['netsuite', 'sales_order'],
  ['netsuite', 'invoice'],
  ['dynamics365', 'customer'],
  ['dynamics365', 'sales_order'],
  ['dynamics365', 'invoice'],
  ['sap-s4', 'customer'],
  ['sap-s4', 'sales_order'],
  ['oracle-fusion', 'customer'],
  ['oracle-fusion', 'sales_order'],
  ['oracle-fusion', 'invoice'],
];

async function deliveredAndReadBack(templateName: string, entity: keyof typeof events) {
  const template = latestTemplate(templateName)!;
  const mapping = template.entities[entity]! as unknown as EntityMapping;
  const reader = canonicalReaderFor(template.erpKind, mapping.recordType);
  if (!reader) throw new Error(`no reader for ${template.erpKind} ${mapping.recordType}`);
  const { event, body } = events[entity]();
  const { payload } = await mapThroughTemplate(mapping, event);
  return { reader, mapping, body, fields: readBack[template.erpKind]!(payload), written: writtenErpFieldsOf(mapping) };
}

describe('compareCanonical: a correctly delivered record, mapped through the template and read back, has not drifted', () => {
  it.each(cases)('%s %s → no difference', async (templateName, entity) => {
    const { reader, body, fields, written } = await deliveredAndReadBack(templateName, entity);
    const compared = reader.fields.filter((field) => written.has(field.erpField));
    expect(compared.length).toBeGreaterThan(0);
    expect(compareCanonical(body, fields, reader, written, books)).toEqual([]);
  });
});

describe('compareCanonical: an edit in the ERP is named by canonical field with both values', () => {
  it.each<[string, keyof typeof events, string, unknown, { field: string; ferryValue: string | null; erpValue: string | null }]>([
    [
      'netsuite',
      'customer',
      'companyName',
      'Honeycomb Ltd',
      { field: 'name', ferryValue: 'Honeycomb Manufacturing and Distribution International Holdings', erpValue: 'Honeycomb Ltd' },
    ],
    ['netsuite', 'customer', 'isInactive', true, { field: 'status', ferryValue: 'active', erpValue: 'inactive' }],
    ['netsuite', 'customer', 'terms', { refName: 'Net 60' }, { field: 'paymentTerms', ferryValue: 'net30', erpValue: 'net60' }],
    ['netsuite', 'sales_order', 'entity', { id: '99' }, { field: 'customerId', ferryValue: 'cust-1', erpValue: 'erp:customer/99' }],
    [
      'dynamics365',
      'customer',
      'address1_city',
      'Shelbyville',
      { field: 'billingAddress.city', ferryValue: 'Springfield', erpValue: 'Shelbyville' },
    ],
    ['dynamics365', 'sales_order', 'totalamount', 1300, { field: 'total.amount', ferryValue: '1250', erpValue: '1300' }],
    [
      'dynamics365',
      'invoice',
      '_customerid_account_value',
      'ffff',
      { field: 'customerId', ferryValue: 'cust-1', erpValue: 'erp:accounts/ffff' },
    ],
    [
      'sap-s4',
      'customer',
      'OrganizationBPName1',
      'Other GmbH',
      { field: 'name', ferryValue: 'Honeycomb Manufacturing and Distribution', erpValue: 'Other GmbH' },
    ],
    ['sap-s4', 'sales_order', 'TransactionCurrency', 'EUR', { field: 'currency', ferryValue: 'usd', erpValue: 'eur' }],
    [
      'oracle-fusion',
      'customer',
      'PrimaryEmailAddress',
      null,
      { field: 'email', ferryValue: 'billing+cust-1@example.com', erpValue: null },
    ],
    ['oracle-fusion', 'invoice', 'DueDate', '2027-01-20', { field: 'dueDate', ferryValue: '2026-12-20', erpValue: '2027-01-20' }],
  ])('%s %s: %s edited → %p', async (templateName, entity, erpField, value, difference) => {
    const { reader, body, fields, written } = await deliveredAndReadBack(templateName, entity);
    expect(compareCanonical(body, { ...fields, [erpField]: value }, reader, written, books)).toEqual([difference]);
  });

  it.each<[string, unknown]>([
    ['trailing spaces and another case in an e-mail', '  BILLING+cust-1@Example.com '],
    ['the same e-mail', 'billing+cust-1@example.com'],
  ])('Oracle e-mail with %s is not a difference', async (_case, email) => {
    const { reader, body, fields, written } = await deliveredAndReadBack('oracle-fusion', 'customer');
    expect(compareCanonical(body, { ...fields, PrimaryEmailAddress: email }, reader, written, books)).toEqual([]);
  });

  it.each<[string, string | null, string, unknown, unknown[]]>([
    ['v2 (contact fallback), no account e-mail, ERP holds the contact e-mail', null, 'netsuite', 'pat+cust-1@example.com', []],
    ['v2, account e-mail, ERP holds it', 'ap@example.com', 'netsuite', 'ap@example.com', []],
    [
      'v2, no account e-mail, ERP e-mail removed',
      null,
      'netsuite',
      null,
      [{ field: 'email', ferryValue: 'pat+cust-1@example.com', erpValue: null }],
    ],
  ])('NetSuite e-mail, %s', async (_case, accountEmail, templateName, erpEmail, differences) => {
    const template = latestTemplate(templateName)!;
    const mapping = template.entities.customer! as unknown as EntityMapping;
    const event = sampleCustomerUpserted('acme', { customerId: 'cust-1', email: accountEmail });
    const { payload } = await mapThroughTemplate(mapping, event);
    const reader = canonicalReaderFor('netsuite', 'customer')!;
    const fields = { ...readBack['netsuite']!(payload), email: erpEmail };
    expect(
      compareCanonical(event.customer as unknown as Record<string, unknown>, fields, reader, writtenErpFieldsOf(mapping), books),
    ).toEqual(differences);
  });

  it('NetSuite template v1 (no fallback): no account e-mail is expected as none', async () => {
    const mapping = findTemplate('netsuite', 1)!.entities.customer! as unknown as EntityMapping;
    const event = sampleCustomerUpserted('acme', { customerId: 'cust-1', email: null });
    const { payload } = await mapThroughTemplate(mapping, event);
    const reader = canonicalReaderFor('netsuite', 'customer')!;
    const body = event.customer as unknown as Record<string, unknown>;
    expect(compareCanonical(body, readBack['netsuite']!(payload), reader, writtenErpFieldsOf(mapping), books)).toEqual([]);
  });

  it('compares no field the tenant mapping does not write, even when the ERP holds another value', async () => {
    const { reader, body, fields, mapping } = await deliveredAndReadBack('dynamics365', 'customer');
    const { address1_city: _dropped, ...fieldExpressions } = mapping.fieldExpressions;
    const written = writtenErpFieldsOf({ fieldExpressions });
    expect(compareCanonical(body, { ...fields, address1_city: 'Shelbyville' }, reader, written, books)).toEqual([]);
  });
});
