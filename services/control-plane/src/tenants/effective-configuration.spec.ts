import { SchemaCatalog } from '@ferry/contracts';
import { configurationProblems, effectiveConfiguration } from './effective-configuration';
import type { TenantSpec } from './tenant-spec';

const canonical = SchemaCatalog.load().canonicalEvents();
const spec = (overrides: Partial<TenantSpec> = {}): TenantSpec => ({
  tenantId: 'acme',
  displayName: 'Acme',
  active: true,
  template: { name: 'netsuite', version: 1 },
  connections: [
    {
      connectionId: 'ns',
      erpKind: 'netsuite',
      baseUrl: 'http://erp',
      authKind: 'oauth2_client_credentials_jwt',
      settings: { clientId: 'ferry', certificateId: 'cert-1' },
      sealedCredentials: 'sealed',
      credentialFields: ['privateKeyPem'],
    },
  ],
  mappingOverrides: {},
  rules: [],
  policies: null,
  ...overrides,
});

describe('effectiveConfiguration', () => {
  it('gives a tenant the template mappings on its connection, with its overrides on top', () => {
    const { configuration, pending } = effectiveConfiguration(
      spec({ mappingOverrides: { customer: { fieldExpressions: { comments: "'VIP'", phone: null } } } }),
      3,
      'operator',
    );
    const customer = configuration.mappings.find((m) => m.entityType === 'customer')!;
    expect(customer.connectionId).toBe('ns');
    expect(customer.fieldExpressions['comments']).toBe("'VIP'");
    expect(customer.fieldExpressions['phone']).toBeUndefined();
    expect(customer.fieldExpressions['companyName']).toBe('customer.name');
    expect(customer.requiredFields).toEqual(['companyName', 'subsidiary.id']);
    expect(configuration).toMatchObject({ version: 3, template: 'netsuite@1', changedBy: 'operator' });
    expect(configuration.connections[0]).not.toHaveProperty('credentialFields');
    expect(pending).toEqual([]);
  });

  it('leaves mappings pending until the tenant has a connection for the template ERP', () => {
    const { configuration, pending } = effectiveConfiguration(spec({ connections: [] }), 1, 'operator');
    expect(configuration.mappings).toEqual([]);
    expect(pending.map((p) => p.entityType)).toContain('customer');
  });
});

describe('configurationProblems', () => {
  it('points at the position of invalid JSONata', () => {
    const problems = configurationProblems(
      spec({ mappingOverrides: { customer: { fieldExpressions: { companyName: 'customer.name &&' } } } }),
      canonical,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INVALID_EXPRESSION',
        path: 'mappings.customer.fieldExpressions.companyName',
        position: expect.any(Number),
      }),
    ]);
  });

  it('names a field the canonical schema does not have', () => {
    const problems = configurationProblems(
      spec({ mappingOverrides: { customer: { fieldExpressions: { comments: 'customer.nickname' } } } }),
      canonical,
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FIELD', message: expect.stringContaining('customer has no field "nickname"') }),
    ]);
  });

  it('names a required ERP field the mapping no longer produces', () => {
    const problems = configurationProblems(
      spec({ mappingOverrides: { customer: { fieldExpressions: { companyName: null } } } }),
      canonical,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'REQUIRED_FIELD_MISSING',
        path: 'mappings.customer.fieldExpressions.companyName',
        message: expect.stringContaining('requires field "companyName"'),
      }),
    ]);
  });

  it('checks rule conditions and route targets', () => {
    const problems = configurationProblems(
      spec({ rules: [{ name: 'eu', entityType: 'customer', kind: 'route', condition: 'customer.region = "EU"', connectionId: 'nope' }] }),
      canonical,
    );
    expect(problems.map((p) => p.code).sort()).toEqual(['UNKNOWN_CONNECTION', 'UNKNOWN_FIELD']);
  });
});
