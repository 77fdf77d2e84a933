import type { CanonicalEvent, TenantConfiguration } from '@ferry/contracts';
import { commandIdFor, routeCanonicalEvent } from './canonical-event-router';
import { ExpressionSandbox } from './sandbox/expression-sandbox';

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

const event = {
  envelope: {
    eventId: 'ev-1',
    tenantId: 'acme',
    correlationId: 'corr',
    occurredAt: 1000,
    sourceSystem: 'product',
    entityId: 'c-1',
    entityVersion: 2,
  },
  customer: { customerId: 'c-1', name: 'Acme' },
} as unknown as CanonicalEvent;

const configuration = (overrides: Partial<TenantConfiguration> = {}): TenantConfiguration => ({
  tenantId: 'acme',
  version: 4,
  displayName: 'Acme',
  active: true,
  connections: [
    {
      connectionId: 'ns',
      erpKind: 'netsuite',
      baseUrl: 'http://erp',
      authKind: 'oauth2_client_credentials_jwt',
      settings: {},
      sealedCredentials: null,
    },
  ],
  mappings: [
    {
      entityType: 'customer',
      connectionId: 'ns',
      recordType: 'customer',
      externalIdExpression: "'ferry-' & customer.customerId",
      fieldExpressions: { companyName: 'customer.name' },
    },
  ],
  updatedAt: 0,
  ...overrides,
});

describe('routeCanonicalEvent', () => {
  it('turns a mapped event into a delivery command stamped with the configuration version', async () => {
    const decision = await routeCanonicalEvent(event, 'customer', configuration(), sandbox, 5000);
    expect(decision).toEqual({
      kind: 'deliver',
      rules: [],
      leftOut: [],
      commands: [
        expect.objectContaining({
          commandId: commandIdFor('ev-1', 'ns'),
          erpKind: 'netsuite',
          recordType: 'customer',
          externalId: 'ferry-c-1',
          payloadJson: '{"companyName":"Acme"}',
          configVersion: 4,
          entityVersion: 2,
          createdAt: 5000,
        }),
      ],
    });
  });

  it('rejects events of a tenant without configuration, saying so', async () => {
    expect(await routeCanonicalEvent(event, 'customer', undefined, sandbox)).toEqual(
      expect.objectContaining({ kind: 'reject', errorClass: 'configuration', code: 'TENANT_NOT_CONFIGURED' }),
    );
  });

  it('skips, visibly, an entity the tenant does not sync', async () => {
    expect(await routeCanonicalEvent(event, 'invoice', configuration(), sandbox)).toEqual({
      kind: 'skip',
      reason: 'tenant acme does not sync invoice (configuration v4)',
      rules: [],
    });
  });

  it('rejects a mapping that fails, naming the expression', async () => {
    const broken = configuration({
      mappings: [
        {
          entityType: 'customer',
          connectionId: 'ns',
          recordType: 'customer',
          externalIdExpression: 'customer.nothing',
          fieldExpressions: { a: 'customer.name' },
        },
      ],
    });
    const decision = await routeCanonicalEvent(event, 'customer', broken, sandbox);
    expect(decision).toEqual(expect.objectContaining({ kind: 'reject', errorClass: 'mapping' }));
    expect((decision as { reason: string }).reason).toContain('externalIdExpression');
  });

  it('derives the same command id every time for the same event and connection', () => {
    expect(commandIdFor('ev-1', 'ns')).toBe(commandIdFor('ev-1', 'ns'));
    expect(commandIdFor('ev-1', 'ns')).not.toBe(commandIdFor('ev-2', 'ns'));
  });

  it('rejects an event a reject rule matches, naming the rule, and lets others through', async () => {
    const withRule = configuration({
      rules: [
        {
          name: 'big-customers-need-review',
          entityType: 'customer',
          kind: 'reject',
          condition: "customer.name = 'Acme'",
          message: 'needs review',
          connectionId: null,
        },
      ],
    });
    const decision = await routeCanonicalEvent(event, 'customer', withRule, sandbox);
    expect(decision).toEqual(
      expect.objectContaining({ kind: 'reject', errorClass: 'rule', code: 'RULE_REJECTED', rule: 'big-customers-need-review' }),
    );
    expect((decision as { reason: string }).reason).toContain('rule "big-customers-need-review" rejected the customer: needs review');
    const other = { ...event, customer: { customerId: 'c-1', name: 'Other' } } as unknown as CanonicalEvent;
    expect((await routeCanonicalEvent(other, 'customer', withRule, sandbox)).kind).toBe('deliver');
  });

  it('skips on a skip rule and routes to another connection on a route rule', async () => {
    const base = configuration();
    const twoConnections = configuration({ connections: [...base.connections, { ...base.connections[0]!, connectionId: 'ns-eu' }] });
    const skip = await routeCanonicalEvent(
      event,
      'customer',
      {
        ...twoConnections,
        rules: [{ name: 'test-customers', entityType: 'customer', kind: 'skip', condition: 'true', message: null, connectionId: null }],
      },
      sandbox,
    );
    expect(skip).toEqual(expect.objectContaining({ kind: 'skip', rule: 'test-customers' }));
    const routed = await routeCanonicalEvent(
      event,
      'customer',
      {
        ...twoConnections,
        rules: [
          { name: 'eu', entityType: 'customer', kind: 'route', condition: "customer.name = 'Acme'", message: null, connectionId: 'ns-eu' },
        ],
      },
      sandbox,
    );
    expect(routed.kind === 'deliver' && routed.commands[0]!.connectionId).toBe('ns-eu');
  });

  it('fails closed when a reject rule cannot be evaluated', async () => {
    const broken = configuration({
      rules: [{ name: 'broken', entityType: 'customer', kind: 'reject', condition: '$number("x") > 1', message: null, connectionId: null }],
    });
    expect((await routeCanonicalEvent(event, 'customer', broken, sandbox)).kind).toBe('reject');
  });

  it('does not write a change back to the ERP it came from', async () => {
    const inbound = { ...event, envelope: { ...event.envelope, sourceSystem: 'netsuite' } } as CanonicalEvent;
    expect(await routeCanonicalEvent(inbound, 'customer', configuration(), sandbox)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('not written back'),
    });
  });

  describe('system of record', () => {
    const owned = (systemOfRecord: Record<string, string>) =>
      configuration({
        policies: {
          requestsPerSecond: null,
          maxConcurrency: null,
          retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 300_000 },
          circuitBreaker: { failureThresholdPercent: 50, volumeThreshold: 10, resetTimeoutMs: 30_000 },
          exceptionRouting: null,
          batchWindowSeconds: null,
          systemOfRecord,
        },
        mappings: [
          {
            entityType: 'customer',
            connectionId: 'ns',
            recordType: 'customer',
            externalIdExpression: "'ferry-' & customer.customerId",
            fieldExpressions: { companyName: 'customer.name', 'terms.id': "customer.paymentTerms ? customer.paymentTerms : 'NET30'" },
            defaults: { 'terms.id': 'NET15' },
            requiredFields: ['companyName', 'terms.id'],
          },
        ],
      });
    const withTerms = { ...event, customer: { customerId: 'c-1', name: 'Acme', paymentTerms: 'NET60' } } as unknown as CanonicalEvent;
    const payloadOf = (decision: Awaited<ReturnType<typeof routeCanonicalEvent>>) =>
      decision.kind === 'deliver' ? (JSON.parse(decision.commands[0]!.payloadJson) as unknown) : decision;

    it.each<[string, Record<string, string>, unknown, string[]]>([
      ['no owner: the product writes every field', {}, { companyName: 'Acme', terms: { id: 'NET60' } }, []],
      [
        'the product owns credit terms: written',
        { 'customer.creditTerms': 'product' },
        { companyName: 'Acme', terms: { id: 'NET60' } },
        [],
      ],
      [
        'another connection owns credit terms: written here',
        { 'customer.creditTerms': 'crm' },
        { companyName: 'Acme', terms: { id: 'NET60' } },
        [],
      ],
      [
        'the ERP owns credit terms: left out, its default and required check too',
        { 'customer.creditTerms': 'ns' },
        { companyName: 'Acme' },
        ['terms.id'],
      ],
      ['the ERP owns the customer domain: both left out', { customer: 'ns' }, {}, ['companyName', 'terms.id']],
    ])('%s', async (_case, systemOfRecord, payload, leftOut) => {
      const decision = await routeCanonicalEvent(withTerms, 'customer', owned(systemOfRecord), sandbox);
      expect(payloadOf(decision)).toEqual(payload);
      expect(decision.kind === 'deliver' ? decision.leftOut.flatMap((entry) => entry.fields.map((field) => field.erpField)) : []).toEqual(
        leftOut,
      );
    });
  });
});
