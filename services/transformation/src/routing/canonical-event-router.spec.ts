import type { CanonicalEvent, TenantConfiguration } from '@ferry/contracts';
import { commandIdFor, routeCanonicalEvent } from './canonical-event-router';

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
    const decision = await routeCanonicalEvent(event, 'customer', configuration(), 5000);
    expect(decision).toEqual({
      kind: 'deliver',
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
    expect(await routeCanonicalEvent(event, 'customer', undefined)).toEqual(
      expect.objectContaining({ kind: 'reject', errorClass: 'configuration', code: 'TENANT_NOT_CONFIGURED' }),
    );
  });

  it('skips, visibly, an entity the tenant does not sync', async () => {
    expect(await routeCanonicalEvent(event, 'invoice', configuration())).toEqual({
      kind: 'skip',
      reason: 'tenant acme does not sync invoice (configuration v4)',
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
    const decision = await routeCanonicalEvent(event, 'customer', broken);
    expect(decision).toEqual(expect.objectContaining({ kind: 'reject', errorClass: 'mapping' }));
    expect((decision as { reason: string }).reason).toContain('externalIdExpression');
  });

  it('derives the same command id every time for the same event and connection', () => {
    expect(commandIdFor('ev-1', 'ns')).toBe(commandIdFor('ev-1', 'ns'));
    expect(commandIdFor('ev-1', 'ns')).not.toBe(commandIdFor('ev-2', 'ns'));
  });
});
