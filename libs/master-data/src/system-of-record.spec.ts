import { MASTER_DATA_DOMAINS, fieldGroupsOf } from './field-groups';
import { groupsTouchedBy, ownerOfPath, resolveSystemOfRecord, systemOfRecordProblems } from './system-of-record';

describe('field groups', () => {
  it('put no canonical path in two groups, nor one group path below another', () => {
    for (const domain of MASTER_DATA_DOMAINS) {
      const all = Object.entries(fieldGroupsOf(domain)).flatMap(([group, paths]) => paths.map((path) => ({ group, path })));
      for (const a of all)
        for (const b of all) {
          if (a === b) continue;
          expect([a.path === b.path, b.path.startsWith(`${a.path}.`)]).toEqual([false, false]);
        }
    }
  });
});

describe('systemOfRecordProblems', () => {
  const connections = ['netsuite-main', 'crm'];
  it.each<[string, Record<string, string>, string[]]>([
    ['nothing declared', {}, []],
    ['a domain owned by a connection', { customer: 'netsuite-main' }, []],
    [
      'groups owned by product, an ERP and a CRM',
      { 'customer.identity': 'product', 'customer.creditTerms': 'netsuite-main', 'customer.contacts': 'crm' },
      [],
    ],
    ['an unknown domain', { vendor: 'product' }, ['UNKNOWN_DOMAIN']],
    ['a domain without groups yet', { payment: 'netsuite-main' }, ['UNKNOWN_DOMAIN']],
    ['order and invoice groups', { 'sales_order.shippingAddress': 'netsuite-main', 'invoice.creditTerms': 'product' }, []],
    ['a field inside an order group', { 'sales_order.shippingAddress.city': 'product' }, ['FIELD_INSIDE_GROUP']],
    ['a customer group on invoices', { 'invoice.taxId': 'product' }, ['UNKNOWN_FIELD_GROUP']],
    ['an unknown group', { 'customer.loyalty': 'product' }, ['UNKNOWN_FIELD_GROUP']],
    ['a field in no group', { 'customer.status': 'product' }, ['UNKNOWN_FIELD_GROUP']],
    ['a field inside a group (overlaps it)', { 'customer.email': 'crm' }, ['FIELD_INSIDE_GROUP']],
    ['a sub-field of a group path', { 'customer.billingAddress.city': 'product' }, ['FIELD_INSIDE_GROUP']],
    ['an unknown connection', { 'customer.taxId': 'sap' }, ['UNKNOWN_SYSTEM']],
    ['an ERP kind instead of the connection id', { 'customer.taxId': 'netsuite' }, ['UNKNOWN_SYSTEM']],
    ['a bad key and a bad owner at once', { 'customer.nope': 'nobody' }, ['UNKNOWN_FIELD_GROUP', 'UNKNOWN_SYSTEM']],
  ])('%s', (_case, declaration, codes) => {
    expect(systemOfRecordProblems(declaration, connections).map((problem) => problem.code)).toEqual(codes);
  });

  it('names the group to declare instead of a field inside it, and the connections the tenant has', () => {
    const [inside] = systemOfRecordProblems({ 'customer.phone': 'product' }, connections);
    expect(inside?.message).toContain('"customer.contacts"');
    const [unknown] = systemOfRecordProblems({ customer: 'nope' }, connections);
    expect(unknown?.message).toContain('"netsuite-main", "crm"');
  });
});

describe('resolveSystemOfRecord / ownerOfPath', () => {
  const rules = resolveSystemOfRecord({ customer: 'netsuite-main', 'customer.identity': 'product' });
  it.each<[string, { group: string; owner: string } | undefined]>([
    ['customer.name', { group: 'identity', owner: 'product' }],
    ['customer.billingAddress.city', { group: 'billingAddress', owner: 'netsuite-main' }],
    ['customer.email', { group: 'contacts', owner: 'netsuite-main' }],
    ['customer.status', undefined],
    ['customer.customerId', undefined],
  ])('%s', (path, owner) => {
    expect(ownerOfPath(rules, 'customer', path)).toEqual(owner);
  });

  it('leaves groups nobody declared without an owner', () => {
    expect(ownerOfPath(resolveSystemOfRecord({ 'customer.taxId': 'product' }), 'customer', 'customer.name')).toBeUndefined();
    expect(ownerOfPath(resolveSystemOfRecord(undefined), 'customer', 'customer.taxId')).toBeUndefined();
  });
});

describe('groupsTouchedBy', () => {
  it.each<[string, string[]]>([
    ['customer.billingAddress.city', ['billingAddress']],
    ['customer.billingAddress', ['billingAddress']],
    ['customer.name', ['identity']],
    ['customer.status', []],
    ['customer', ['identity', 'billingAddress', 'shippingAddress', 'creditTerms', 'taxId', 'contacts']],
    ['customerX', []],
  ])('%s', (path, groups) => {
    expect(groupsTouchedBy('customer', path)).toEqual(groups);
  });
});
