import type { SyncStatus } from './generated/contracts.generated';
import {
  RECORDED_SYNC_OUTCOMES,
  deliveredRecordOf,
  isFinalSyncOutcome,
  isRecordedSyncOutcome,
  syncDirection,
  syncStatusMessage,
} from './sync-status';

describe('syncDirection', () => {
  it.each([
    ['product', 'outbound'],
    ['netsuite', 'inbound'],
    ['dynamics365', 'inbound'],
    [null, null],
    [undefined, null],
    ['', null],
  ])('a change from %p is %p', (sourceSystem, direction) => {
    expect(syncDirection(sourceSystem)).toBe(direction);
  });
});

describe('syncStatusMessage', () => {
  const about = {
    eventId: 'e-1',
    tenantId: 't-1',
    correlationId: 'c-1',
    entityType: 'sales_order',
    entityId: 'so-1',
    entityVersion: 2,
    eventOccurredAt: 1_000,
    sourceSystem: 'product',
    connectionId: 'ns-main',
  };

  it('carries what an analyst needs without joining other topics: source, when it happened, direction, how long', () => {
    const { value, key } = syncStatusMessage(about, 'delivery', 'delivered', {}, 4_500);
    expect(key).toBe('t-1:sales_order:so-1');
    expect(value).toMatchObject({
      sourceSystem: 'product',
      eventOccurredAt: 1_000,
      direction: 'outbound',
      latencyMs: 3_500,
      recordedAt: 4_500,
    });
  });

  it('says inbound for a change read back from an ERP, and nothing for a command of an older release', () => {
    expect(syncStatusMessage({ ...about, sourceSystem: 'netsuite' }, 'delivery', 'delivered').value.direction).toBe('inbound');
    const older = syncStatusMessage({ ...about, sourceSystem: null }, 'delivery', 'delivered').value;
    expect(older).toMatchObject({ sourceSystem: null, direction: null, eventOccurredAt: 1_000 });
  });

  it('gives each connection and replay its own routed status id, and the same id to a repeat', () => {
    const id = (overrides: Partial<typeof about> & { replayCount?: number }) =>
      syncStatusMessage({ ...about, ...overrides }, 'transformation', 'routed').value.statusId;
    expect(id({})).toBe(id({}));
    expect(id({ connectionId: 'other' })).not.toBe(id({}));
    expect(id({ replayCount: 1 })).not.toBe(id({}));
  });
});

describe('the SyncStatus vocabulary', () => {
  it.each([
    ['delivered', true],
    ['skipped', true],
    ['dead_lettered', true],
    ['failed', true],
    ['routed', false],
    ['retrying', false],
    ['parked', false],
  ] as const)('%s is final: %p', (status, final) => {
    expect(isFinalSyncOutcome(status)).toBe(final);
  });

  it('lists every status once and has no stale status (overtaken versions are skipped, not applied)', () => {
    expect(new Set(RECORDED_SYNC_OUTCOMES).size).toBe(RECORDED_SYNC_OUTCOMES.length);
    expect(isRecordedSyncOutcome('stale')).toBe(false);
  });
});

describe('deliveredRecordOf: the ERP record a status says Ferry wrote', () => {
  const delivered = {
    tenantId: 't1',
    stage: 'delivery',
    status: 'delivered',
    entityType: 'customer',
    entityId: 'cust-1',
    entityVersion: 3,
    eventId: 'e1',
    recordedAt: 1000,
    connectionId: 'erp',
    erpKind: 'netsuite',
    recordType: 'customer',
    externalId: 'c-1',
    erpRecordId: '42',
    contentHash: 'h',
  } as unknown as SyncStatus;
  it.each<[string, Partial<SyncStatus>, boolean]>([
    ['a delivered status with everything that names the record', {}, true],
    ['a routed status', { stage: 'transformation', status: 'routed' } as Partial<SyncStatus>, false],
    ['a skipped delivery', { status: 'skipped' } as Partial<SyncStatus>, false],
    ['no content hash', { contentHash: null } as Partial<SyncStatus>, false],
    ['no external id', { externalId: null } as Partial<SyncStatus>, false],
    ['no connection', { connectionId: null } as Partial<SyncStatus>, false],
  ])('%s → %s', (_case, change, found) => {
    expect(deliveredRecordOf({ ...delivered, ...change } as SyncStatus) !== undefined).toBe(found);
  });

  it('carries what both readers keep', () => {
    expect(deliveredRecordOf(delivered)).toEqual({
      tenantId: 't1',
      connectionId: 'erp',
      erpKind: 'netsuite',
      entityType: 'customer',
      entityId: 'cust-1',
      recordType: 'customer',
      externalId: 'c-1',
      erpRecordId: '42',
      contentHash: 'h',
      entityVersion: 3,
      eventId: 'e1',
      deliveredAt: 1000,
    });
  });
});
