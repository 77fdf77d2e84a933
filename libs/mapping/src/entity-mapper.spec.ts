import type { CanonicalEvent, EntityMapping } from '@ferry/contracts';
import { MappingError, mapCanonicalEvent } from './entity-mapper';
import { ExpressionSandbox } from './sandbox/expression-sandbox';

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

const event = {
  envelope: { eventId: 'e', tenantId: 't', correlationId: 'c', occurredAt: 0, sourceSystem: 'product', entityId: 'c-9', entityVersion: 3 },
  customer: { customerId: 'c-9', name: 'Acme GmbH', email: null, currency: 'EUR', billingAddress: { countryCode: 'DE', city: 'Berlin' } },
} as unknown as CanonicalEvent;

const mapping = (fields: Record<string, string>, externalIdExpression = "'ferry-' & customer.customerId"): EntityMapping => ({
  entityType: 'customer',
  connectionId: 'ns',
  recordType: 'customer',
  externalIdExpression,
  fieldExpressions: fields,
});

describe('mapCanonicalEvent', () => {
  it('builds the ERP payload from JSONata field expressions, nesting dotted paths', async () => {
    const mapped = await mapCanonicalEvent(
      event,
      mapping({
        companyName: 'customer.name',
        'subsidiary.id': "'1'",
        'currency.refName': 'customer.currency',
        email: 'customer.email',
        country: "customer.billingAddress.countryCode = 'DE' ? 'Germany' : 'Other'",
      }),
      sandbox,
    );
    expect(mapped).toEqual({
      externalId: 'ferry-c-9',
      payload: { companyName: 'Acme GmbH', subsidiary: { id: '1' }, currency: { refName: 'EUR' }, email: null, country: 'Germany' },
    });
  });

  it('leaves out fields whose expression yields nothing', async () => {
    const mapped = await mapCanonicalEvent(event, mapping({ companyName: 'customer.name', phone: 'customer.phone' }), sandbox);
    expect(mapped.payload).toEqual({ companyName: 'Acme GmbH' });
  });

  it('fits texts into the ERP field limits after the expressions ran, and fails an identifier that may not be cut', async () => {
    const limited: EntityMapping = {
      ...mapping({ SearchTerm1: '$uppercase(customer.name) & " 🚀 ROCKETS"', city: 'customer.billingAddress.city' }),
      fieldLimits: {
        SearchTerm1: { maxLength: 11, unit: 'utf16', overflow: 'truncate' },
        city: { maxLength: 3, unit: 'utf16', overflow: 'reject' },
      },
    };
    await expect(mapCanonicalEvent(event, limited, sandbox)).rejects.toMatchObject({
      code: 'FIELD_TOO_LONG',
      expressionPath: 'fieldExpressions.city',
    });
    const fitting = { ...limited, fieldLimits: { SearchTerm1: limited.fieldLimits!['SearchTerm1']! } };
    const mapped = await mapCanonicalEvent(event, fitting, sandbox);
    // "ACME GMBH 🚀": the emoji would be the 11th and 12th UTF-16 units, so the cut comes before it.
    expect(mapped.payload['SearchTerm1']).toBe('ACME GMBH');
    expect(mapped.truncated).toEqual([expect.objectContaining({ field: 'SearchTerm1', kind: 'truncated' })]);
  });

  it('names the expression that cannot produce an external id', async () => {
    await expect(mapCanonicalEvent(event, mapping({ companyName: 'customer.name' }, 'customer.missing'), sandbox)).rejects.toThrow(
      new MappingError('externalIdExpression', 'must produce a string, produced nothing'),
    );
  });

  it('names the field whose JSONata is invalid', async () => {
    await expect(mapCanonicalEvent(event, mapping({ companyName: 'customer.name &' }), sandbox)).rejects.toThrow(
      /fieldExpressions.companyName: invalid JSONata at position/,
    );
  });

  it('reads value maps, falls back to defaults and insists on required fields', async () => {
    const base = mapping({
      country: "$valueMap('country', customer.billingAddress.countryCode)",
      'terms.id': 'customer.paymentTerms',
      companyName: 'customer.name',
    });
    const mapped = await mapCanonicalEvent(
      event,
      {
        ...base,
        valueMaps: { country: { DE: '_germany' } },
        defaults: { 'terms.id': '2', subsidiary: '1' },
        requiredFields: ['companyName'],
      },
      sandbox,
    );
    expect(mapped.payload).toEqual({ companyName: 'Acme GmbH', country: '_germany', terms: { id: '2' }, subsidiary: '1' });
    await expect(mapCanonicalEvent(event, { ...base, requiredFields: ['phone'] }, sandbox)).rejects.toThrow(
      /required customer field phone produced no value/,
    );
  });

  it('keeps OData annotations such as @odata.bind as one property name', async () => {
    const mapped = await mapCanonicalEvent(event, mapping({ 'customerid_account@odata.bind': "'/accounts(1)'", 'a.b': "'x'" }), sandbox);
    expect(mapped.payload).toEqual({ 'customerid_account@odata.bind': '/accounts(1)', a: { b: 'x' } });
  });
});
