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

describe('several targets for one entity ("sales_order@warehouse")', () => {
  const warehouse = {
    connectionId: 'warehouse',
    erpKind: 'webhook',
    baseUrl: 'https://wms.example/hooks',
    authKind: 'hmac_sha256',
    settings: {},
    sealedCredentials: 'sealed',
    credentialFields: ['signingSecret'],
  };
  const withWarehouse = (mappingOverrides: TenantSpec['mappingOverrides']) =>
    spec({ connections: [...spec().connections, warehouse], mappingOverrides });

  it('maps the entity for each target, each from its own ERP kind’s template, with its own overrides', () => {
    const { configuration, pending } = effectiveConfiguration(
      withWarehouse({ 'sales_order@warehouse': { fieldExpressions: { priority: "'high'" } } }),
      4,
      'operator',
    );
    const orders = configuration.mappings.filter((mapping) => mapping.entityType === 'sales_order');
    expect(orders.map((mapping) => mapping.connectionId)).toEqual(['ns', 'warehouse']);
    expect(orders[0]!.recordType).toBe('salesOrder');
    expect(orders[1]!.fieldExpressions['priority']).toBe("'high'");
    expect(orders[1]!.recordType).not.toBe(orders[0]!.recordType);
    expect(pending).toEqual([]);
  });

  it.each<[string, TenantSpec, { code: string; path: string; message: RegExp }]>([
    [
      'a target connection the tenant does not have',
      spec({ mappingOverrides: { 'sales_order@warehouse': { fieldExpressions: {} } } }),
      { code: 'UNKNOWN_CONNECTION', path: 'mappings.sales_order@warehouse', message: /no connection "warehouse"/ },
    ],
    [
      'a target the template mapping already goes to',
      withWarehouse({ 'sales_order@ns': { fieldExpressions: {} } }),
      { code: 'DUPLICATE_TARGET', path: 'mappings.sales_order@ns', message: /already goes to connection "ns"/ },
    ],
    [
      'a connectionId that contradicts the key',
      withWarehouse({ 'sales_order@warehouse': { connectionId: 'ns', fieldExpressions: {} } }),
      { code: 'UNKNOWN_CONNECTION', path: 'mappings.sales_order@warehouse.connectionId', message: /target is "warehouse"/ },
    ],
    [
      'an expression of the extra target that does not compile',
      withWarehouse({ 'sales_order@warehouse': { fieldExpressions: { priority: 'order.(' } } }),
      { code: 'INVALID_EXPRESSION', path: 'mappings.sales_order@warehouse.fieldExpressions.priority', message: /./ },
    ],
  ])('refuses %s', (_case, tenant, problem) => {
    expect(configurationProblems(tenant, canonical)).toEqual([
      expect.objectContaining({ code: problem.code, path: problem.path, message: expect.stringMatching(problem.message) }),
    ]);
  });
});
