import type { RetentionConfig } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';
import { LeaseRepository, RetentionRepository, SingletonLease } from '@ferry/database';
import { createLogger } from '@ferry/logging';
import { RetentionJob, retentionTable } from '@ferry/tenant-config';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { ReceivedEventRepository } from '../intake/received-event.repository';
import { INGESTION_MIGRATIONS } from '../migrations/ingestion-migrations';
import { INGESTION_RETENTION_TABLES } from './ingestion-retention-tables';

/** Real: PostgreSQL with every ingestion migration, the retention statements, the job and its lease. Faked: the policies and "now". */
describe('ingestion retention: a tenant’s old received events go, in a real PostgreSQL', () => {
  let database: TestDatabase;
  const NOW = new Date();
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
  const logger = createLogger('ingestion-retention-spec', 'silent');
  const config: RetentionConfig = {
    intervalMs: 3_600_000,
    batchSize: 2,
    defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
  };
  const policies: Record<string, RetentionPolicy> = { acme: { receivedEventDays: 7 } };

  beforeAll(async () => {
    database = await openTestDatabase('ingestion_retention', INGESTION_MIGRATIONS);
  });
  afterAll(() => database?.drop());

  const insert = (tenantId: string, eventId: string, receivedAt: Date) =>
    database.dataSource.query(
      `INSERT INTO received_event (tenant_id, event_id, record_name, source, received_at) VALUES ($1, $2, 'CustomerUpserted', 'http', $3)`,
      [tenantId, eventId, receivedAt],
    );

  it('deletes acme’s events past its 7 days and globex’s past the 90-day default; a deleted event id is new again', async () => {
    for (let i = 0; i < 5; i += 1) await insert('acme', `acme-8d-${i}`, daysAgo(8));
    await insert('acme', 'acme-6d', daysAgo(6));
    await insert('globex', 'globex-8d', daysAgo(8));
    await insert('globex', 'globex-91d', daysAgo(91));
    const received = new ReceivedEventRepository(database.dataSource);
    expect(await received.wasReceived('acme', 'acme-8d-0')).toBe(true);

    const lease = new SingletonLease(new LeaseRepository(database.dataSource), {
      name: 'retention',
      instanceId: 'ingestion-a',
      ttlMs: 60_000,
      logger,
    });
    const job = new RetentionJob({
      tables: INGESTION_RETENTION_TABLES.map(({ kind, ...spec }) =>
        retentionTable(kind, new RetentionRepository(database.dataSource, spec)),
      ),
      policyOf: (tenantId) => policies[tenantId],
      policiesCurrent: async () => true,
      config,
      lease,
      logger,
      now: () => NOW,
    });
    await job.start();
    expect(await job.runOnce()).toEqual({ deleted: { received_event: 6 }, complete: true });
    await job.stop();

    const left = (await database.dataSource.query(`SELECT event_id FROM received_event ORDER BY event_id`)) as { event_id: string }[];
    expect(left.map((row) => row.event_id)).toEqual(['acme-6d', 'globex-8d']);
    expect(await received.wasReceived('acme', 'acme-8d-0')).toBe(false);
  });
});
