import { randomUUID } from 'node:crypto';
import type { SyncStatus } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { OBSERVABILITY_MIGRATIONS } from '../migrations/observability-migrations';
import { SyncStatusRepository } from './sync-status.repository';

/** Real: PostgreSQL and every observability migration; the queries the record trace is built from. */
describe('a record’s statuses for its trace, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let statuses: SyncStatusRepository;
  const base = Date.UTC(2026, 11, 2, 8, 0, 0);
  const status = (eventId: string, seconds: number, stage: string, outcome: string, overrides: Partial<SyncStatus> = {}): SyncStatus =>
    ({
      statusId: randomUUID(),
      tenantId: 'acme',
      eventId,
      entityType: 'customer',
      entityId: 'c-1',
      stage,
      status: outcome,
      recordedAt: base + seconds * 1000,
      connectionId: 'ns',
      ...overrides,
    }) as SyncStatus;

  beforeAll(async () => {
    database = await openTestDatabase('observability', OBSERVABILITY_MIGRATIONS);
    statuses = new SyncStatusRepository(database.dataSource);
    const effects = { withinObjective: false, book: 'none' as const };
    for (const value of [
      status('e-1', 3, 'delivery', 'delivered'),
      status('e-1', 1, 'transformation', 'routed'),
      status('e-2', 5, 'transformation', 'routed'),
      status('e-3', 2, 'transformation', 'routed', { entityType: 'order' }),
      status('e-4', 4, 'transformation', 'routed', { tenantId: 'globex' }),
      status('e-5', 6, 'transformation', 'routed', { entityId: 'c-2' }),
    ])
      await statuses.record(value, effects);
  });
  afterAll(() => database?.drop());

  it('answers one tenant’s record oldest first, of one type or all types, the newest when capped', async () => {
    const journey = (rows: { eventId: string; stage: string }[]) => rows.map((row) => `${row.eventId}:${row.stage}`);
    expect(journey(await statuses.history('acme', { entityType: 'customer', entityId: 'c-1' }, 100))).toEqual([
      'e-1:transformation',
      'e-1:delivery',
      'e-2:transformation',
    ]);
    expect(journey(await statuses.history('acme', { entityId: 'c-1' }, 100))).toEqual([
      'e-1:transformation',
      'e-3:transformation',
      'e-1:delivery',
      'e-2:transformation',
    ]);
    expect(journey(await statuses.history('acme', { entityId: 'c-1', entityType: 'customer' }, 2))).toEqual([
      'e-1:delivery',
      'e-2:transformation',
    ]);
    expect(await statuses.history('globex', { entityId: 'c-2' }, 100)).toEqual([]);
  });

  it('finds the record an event was about, in the tenant only', async () => {
    expect(await statuses.recordOfEvent('acme', 'e-3')).toEqual({ entityType: 'order', entityId: 'c-1' });
    expect(await statuses.recordOfEvent('acme', 'e-4')).toBeUndefined();
    expect(await statuses.recordOfEvent('globex', 'e-4')).toEqual({ entityType: 'customer', entityId: 'c-1' });
  });
});
