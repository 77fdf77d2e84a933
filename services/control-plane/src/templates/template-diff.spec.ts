import type { TenantSpec } from '../tenants/tenant-spec';
import { templateUpgradeDiff } from './template-diff';

const spec = (overrides: TenantSpec['mappingOverrides']): TenantSpec => ({
  tenantId: 'acme',
  displayName: 'Acme',
  active: true,
  template: { name: 'netsuite', version: 1 },
  connections: [
    {
      connectionId: 'ns',
      erpKind: 'netsuite',
      baseUrl: 'http://erp',
      authKind: 'x',
      settings: {},
      sealedCredentials: 's',
      credentialFields: [],
    },
  ],
  mappingOverrides: overrides,
  rules: [],
  policies: null,
});

describe('templateUpgradeDiff', () => {
  it('shows what the new template version changes', () => {
    const diff = templateUpgradeDiff(spec({}), 2);
    expect(diff.from).toBe('netsuite@1');
    expect(diff.to).toBe('netsuite@2');
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { entityType: 'customer', field: 'accountNumber', change: 'added', after: 'customer.accountNumber' },
        expect.objectContaining({ entityType: 'customer', field: 'email', change: 'changed', before: 'customer.email' }),
      ]),
    );
  });

  it('keeps the tenant’s overrides: an overridden field does not change on upgrade', () => {
    const diff = templateUpgradeDiff(spec({ customer: { fieldExpressions: { email: 'customer.contacts[0].email' } } }), 2);
    expect(diff.changes.find((c) => c.field === 'email')).toBeUndefined();
    expect(diff.overridesKept).toEqual(['customer.email']);
  });
});
