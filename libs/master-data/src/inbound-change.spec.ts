import { inboundChangeDecision, sameData } from './inbound-change';
import { resolveSystemOfRecord } from './system-of-record';

const previous = {
  customerId: 'c-1',
  name: 'Acme',
  taxId: 'FR1',
  paymentTerms: 'NET30',
  currency: 'EUR',
  status: 'active',
  billingAddress: { line1: '1 rue A', city: 'Paris', country: 'FR' },
  contacts: [],
};

describe('inboundChangeDecision', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>, string[], string[], boolean]>([
    ['no rules: everything flows, nothing conflicts', {}, { taxId: 'FR2' }, [], [], true],
    [
      'a change to an ERP-owned group flows',
      { 'customer.creditTerms': 'ns' },
      { paymentTerms: 'NET60' },
      ['customer.paymentTerms'],
      [],
      true,
    ],
    ['a change to a product-owned field conflicts', { 'customer.taxId': 'product' }, { taxId: 'FR2' }, [], ['customer.taxId'], false],
    ['a change to a field another connection owns conflicts', { 'customer.taxId': 'sap' }, { taxId: 'FR2' }, [], ['customer.taxId'], false],
    [
      'a nested change inside a product-owned address conflicts on the group path',
      { 'customer.billingAddress': 'product' },
      { billingAddress: { line1: '1 rue A', city: 'Lyon', country: 'FR' } },
      [],
      ['customer.billingAddress'],
      false,
    ],
    [
      'an owned flow and a conflict in one change',
      { customer: 'ns', 'customer.taxId': 'product' },
      { taxId: 'FR2', currency: 'USD' },
      ['customer.currency'],
      ['customer.taxId'],
      true,
    ],
    [
      'a conflict beside an unowned change still publishes',
      { 'customer.taxId': 'product' },
      { taxId: 'FR2', status: 'inactive' },
      [],
      ['customer.taxId'],
      true,
    ],
    [
      'a field removed in the ERP that the product owns conflicts',
      { 'customer.taxId': 'product' },
      { taxId: undefined },
      [],
      ['customer.taxId'],
      false,
    ],
    ['nothing changed in owned groups', { customer: 'product' }, {}, [], [], false],
  ])('%s', (_case, declaration, change, flows, conflicts, changed) => {
    const current = { ...structuredClone(previous), ...change };
    const decision = inboundChangeDecision(resolveSystemOfRecord(declaration), 'customer', 'ns', previous, current);
    expect(decision.flows).toEqual(flows);
    expect(decision.conflicts.map((conflict) => conflict.path)).toEqual(conflicts);
    expect(decision.changed).toBe(changed);
  });

  it('keeps the previous value of a conflicting field in the body, and the ERP value in the conflict', () => {
    const decision = inboundChangeDecision(resolveSystemOfRecord({ 'customer.taxId': 'product' }), 'customer', 'ns', previous, {
      ...previous,
      taxId: 'FR2',
      status: 'inactive',
    });
    expect(decision.body).toMatchObject({ taxId: 'FR1', status: 'inactive' });
    expect(decision.conflicts).toEqual([{ group: 'taxId', path: 'customer.taxId', owner: 'product', erpValue: 'FR2', keptValue: 'FR1' }]);
  });

  it('takes the first read of a record as its baseline: no conflict can be told, what the source owns flows', () => {
    const decision = inboundChangeDecision(
      resolveSystemOfRecord({ customer: 'product', 'customer.creditTerms': 'ns', 'customer.taxId': 'ns' }),
      'customer',
      'ns',
      undefined,
      { ...previous, taxId: null },
    );
    expect([decision.conflicts, decision.flows, decision.changed, decision.body]).toEqual([
      [],
      ['customer.paymentTerms', 'customer.currency'],
      true,
      { ...previous, taxId: null },
    ]);
  });
});

describe('sameData', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [null, undefined, true],
    [{ a: undefined }, {}, true],
    [[1, 2], [2, 1], false],
    ['1', 1, false],
  ])('%j vs %j', (left, right, same) => {
    expect(sameData(left, right)).toBe(same);
  });
});
