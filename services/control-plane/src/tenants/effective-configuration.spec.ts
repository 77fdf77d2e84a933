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

  const withSystemOfRecord = (systemOfRecord: Record<string, string>) =>
    spec({
      policies: {
        requestsPerSecond: null,
        maxConcurrency: null,
        retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 300_000 },
        circuitBreaker: { failureThresholdPercent: 50, volumeThreshold: 10, resetTimeoutMs: 30_000 },
        exceptionRouting: null,
        batchWindowSeconds: null,
        systemOfRecord,
        retention: null,
        apiLimits: null,
      },
    });

  it.each<[string, Record<string, string>, [string, string][]]>([
    ['accepts groups owned by the product and by a connection', { customer: 'ns', 'customer.identity': 'product' }, []],
    [
      'refuses an owner that is not a connection',
      { 'customer.taxId': 'sap' },
      [['UNKNOWN_SYSTEM', 'policies.systemOfRecord.customer.taxId']],
    ],
    ['refuses an unknown group', { 'customer.vip': 'ns' }, [['UNKNOWN_FIELD_GROUP', 'policies.systemOfRecord.customer.vip']]],
    ['refuses a field inside a group', { 'customer.email': 'ns' }, [['FIELD_INSIDE_GROUP', 'policies.systemOfRecord.customer.email']]],
    ['refuses an unknown domain', { vendor: 'ns' }, [['UNKNOWN_DOMAIN', 'policies.systemOfRecord.vendor']]],
  ])('systemOfRecord: %s', (_case, systemOfRecord, expected) => {
    expect(configurationProblems(withSystemOfRecord(systemOfRecord), canonical).map((p) => [p.code, p.path])).toEqual(expected);
  });

  it('refuses removing a connection that still owns a field group', () => {
    const problems = configurationProblems({ ...withSystemOfRecord({ 'customer.creditTerms': 'ns' }), connections: [] }, canonical);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_SYSTEM', message: expect.stringContaining('"ns" is neither "product" nor a connection') }),
    );
  });
});
