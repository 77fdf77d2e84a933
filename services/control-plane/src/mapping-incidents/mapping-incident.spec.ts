import type { SyncStatus, TenantConfiguration } from '@ferry/contracts';
import { expressionAt, incidentFrom, incidentIsOpen } from './mapping-incident';

const configuration = {
  tenantId: 't',
  version: 4,
  displayName: 't',
  active: true,
  connections: [],
  mappings: [
    {
      entityType: 'customer',
      connectionId: 'ns-main',
      recordType: 'customer',
      externalIdExpression: 'customer.customerId',
      fieldExpressions: { email: '$frozen()', 'subsidiary.id': "'1'" },
    },
  ],
  rules: [{ name: 'vip', entityType: 'customer', kind: 'skip', condition: '$loop()', message: null, connectionId: null }],
  updatedAt: 0,
} as TenantConfiguration;

const status = (overrides: Partial<SyncStatus>): SyncStatus =>
  ({
    statusId: 's',
    eventId: 'e',
    tenantId: 't',
    correlationId: 'c',
    entityType: 'customer',
    entityId: 'c-1',
    entityVersion: 1,
    stage: 'transformation',
    status: 'dead_lettered',
    errorCode: 'EXPRESSION_TIMEOUT',
    errorMessage: 'customer: ran too long',
    errorPath: 'mappings.customer@ns-main.fieldExpressions.email',
    configVersion: 4,
    recordedAt: 1000,
    ...overrides,
  }) as SyncStatus;

describe('incidentFrom', () => {
  it.each([
    ['a limit in transformation', {}, true],
    ['a delivery failure', { stage: 'delivery' }, false],
    ['a delivered event', { status: 'delivered' }, false],
    ['an ordinary mapping error', { errorCode: 'MAPPING_FAILED' }, false],
    ['a limit without a path', { errorPath: null }, false],
    ['a limit without a configuration version', { configVersion: null }, false],
  ])('%s → incident: %s', (_case, overrides, expected) => {
    expect(incidentFrom(status(overrides as Partial<SyncStatus>)) !== undefined).toBe(expected);
  });
});

describe('expressionAt', () => {
  it.each([
    ['mappings.customer@ns-main.fieldExpressions.email', '$frozen()'],
    ['mappings.customer@ns-main.fieldExpressions.subsidiary.id', "'1'"],
    ['mappings.customer@ns-main.externalIdExpression', 'customer.customerId'],
    ['rules.vip.condition', '$loop()'],
    ['mappings.customer@other.fieldExpressions.email', undefined],
    ['mappings.invoice@ns-main.fieldExpressions.email', undefined],
    ['mappings.customer@ns-main.fieldExpressions.toString', undefined],
    ['rules.none.condition', undefined],
    ['something else', undefined],
  ])('%s → %s', (path, expected) => {
    expect(expressionAt(configuration, path)).toBe(expected);
  });
});

describe('incidentIsOpen', () => {
  it.each([
    ['the same expression is still there', '$frozen()', true],
    ['the expression was changed', '$old()', false],
    ['the expression was not known', null, false],
  ])('%s → %s', (_case, expression, open) => {
    expect(incidentIsOpen({ path: 'mappings.customer@ns-main.fieldExpressions.email', expression }, configuration)).toBe(open);
  });
});
