import { randomUUID } from 'node:crypto';
import { syncStatusMessage, type SyncStatus } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { OBSERVABILITY_MIGRATIONS } from '../migrations/observability-migrations';
import { SyncStatusRepository } from '../sync-status/sync-status.repository';
import { completedWithinObjective, deliveryBookEntry } from './delivery-bookkeeping';
import { ExporterLeaseRepository } from './exporter-lease.repository';
import { ServiceLevelsRepository } from './service-levels.repository';

const OBJECTIVE_MS = 300_000;

describe('service-level sources in a real PostgreSQL, with the real migrations', () => {
  let database: TestDatabase;
  let statuses: SyncStatusRepository;
  let levels: ServiceLevelsRepository;
  let leases: ExporterLeaseRepository;

  beforeAll(async () => {
    database = await openTestDatabase('observability', OBSERVABILITY_MIGRATIONS);
    statuses = new SyncStatusRepository(database.dataSource);
    levels = new ServiceLevelsRepository(database.dataSource);
    leases = new ExporterLeaseRepository(database.dataSource);
  });

  afterAll(() => database?.drop());

  const record = (status: SyncStatus) =>
    statuses.record(status, { withinObjective: completedWithinObjective(status, OBJECTIVE_MS), book: deliveryBookEntry(status) });
  const order = (tenantId: string, entityId: string, occurredAgoMs: number, connectionId = 'ns-main') => ({
    eventId: randomUUID(),
    tenantId,
    correlationId: 'c',
    entityType: 'sales_order',
    entityId,
    entityVersion: 1,
    eventOccurredAt: Date.now() - occurredAgoMs,
    sourceSystem: 'product',
    connectionId,
  });

  it('opens a backlog entry per routed connection, closes it on the final outcome, and ages the oldest', async () => {
    const tenant = `t-${randomUUID().slice(0, 6)}`;
    const slow = order(tenant, 'so-1', 600_000);
    const quick = order(tenant, 'so-2', 1_000);
    for (const subject of [slow, quick, { ...quick, connectionId: 'webhook' }])
      await record(syncStatusMessage(subject, 'transformation', 'routed').value);
    expect(await levels.backlog(tenant)).toEqual([
      { tenantId: tenant, entityType: 'sales_order', count: 3, oldestEventOccurredAt: new Date(slow.eventOccurredAt) },
    ]);

    await record(syncStatusMessage(slow, 'delivery', 'retrying').value);
    expect((await levels.backlog(tenant))[0]!.count).toBe(3);
    await record(syncStatusMessage(slow, 'delivery', 'delivered').value);
    await record(syncStatusMessage(quick, 'delivery', 'delivered').value);
    expect(await levels.backlog(tenant)).toEqual([
      { tenantId: tenant, entityType: 'sales_order', count: 1, oldestEventOccurredAt: new Date(quick.eventOccurredAt) },
    ]);
    // A repeat of a status already recorded changes nothing.
    expect(await record(syncStatusMessage(quick, 'transformation', 'routed').value)).toBe(false);
    expect((await levels.backlog(tenant))[0]!.count).toBe(1);
  });

  it('counts completions within and over the objective, all time and per hour, and their percentiles', async () => {
    const tenant = `t-${randomUUID().slice(0, 6)}`;
    await record(syncStatusMessage(order(tenant, 'so-1', 600_000), 'delivery', 'delivered').value);
    await record(syncStatusMessage(order(tenant, 'so-2', 2_000), 'delivery', 'delivered').value);
    await record(syncStatusMessage(order(tenant, 'so-3', 1_000), 'delivery', 'dead_lettered').value);
    const delivered = (await statuses.aggregates(tenant)).find((row) => row.status === 'delivered');
    expect(delivered).toMatchObject({ eventCount: 2, withinObjectiveCount: 1 });
    const outcomes = await levels.outcomes(new Date(Date.now() - 3600_000), tenant);
    expect(outcomes.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { tenantId: tenant, entityType: 'sales_order', stage: 'delivery', status: 'dead_lettered', eventCount: 1, withinObjectiveCount: 0 },
      { tenantId: tenant, entityType: 'sales_order', stage: 'delivery', status: 'delivered', eventCount: 2, withinObjectiveCount: 1 },
    ]);
    const percentiles = (await levels.completionPercentiles(tenant, new Date(Date.now() - 3600_000))).get('sales_order');
    expect(percentiles!.p50).toBeGreaterThan(2_000);
    expect(percentiles!.p99).toBeGreaterThanOrEqual(590_000);
    expect(await levels.outcomes(new Date(Date.now() + 7200_000), tenant)).toEqual([]);
  });

  it('lets one holder at a time have the exporter lease, and another take it once it expired or was released', async () => {
    const lease = `lease-${randomUUID().slice(0, 6)}`;
    expect(await leases.acquireOrRenew(lease, 'a', 300)).toBe(true);
    expect(await leases.acquireOrRenew(lease, 'b', 300)).toBe(false);
    expect(await leases.acquireOrRenew(lease, 'a', 300)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await leases.acquireOrRenew(lease, 'b', 300)).toBe(true);
    expect(await leases.acquireOrRenew(lease, 'a', 300)).toBe(false);
    await leases.release(lease, 'a'); // not the holder: nothing happens
    expect(await leases.acquireOrRenew(lease, 'a', 300)).toBe(false);
    await leases.release(lease, 'b');
    expect(await leases.acquireOrRenew(lease, 'a', 300)).toBe(true);
  });

  it('hands a replica’s lease to its restarted self at once, not to another replica', async () => {
    const lease = `lease-${randomUUID().slice(0, 6)}`;
    expect(await leases.acquireOrRenew(lease, 'observability-0/old', 60_000)).toBe(true);
    expect(await leases.acquireOrRenew(lease, 'observability-1/other', 60_000)).toBe(false);
    expect(await leases.acquireOrRenew(lease, 'observability-0/new', 60_000)).toBe(true);
    expect(await leases.acquireOrRenew(lease, 'observability-1/other', 60_000)).toBe(false);
  });
});
