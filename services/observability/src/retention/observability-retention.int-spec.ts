import type { RetentionConfig } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';
import { LeaseRepository, RetentionRepository, SingletonLease } from '@ferry/database';
import { createLogger } from '@ferry/logging';
import { RetentionJob, retentionTable } from '@ferry/tenant-config';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { OBSERVABILITY_MIGRATIONS } from '../migrations/observability-migrations';
import { OBSERVABILITY_RETENTION_TABLES } from './observability-retention-tables';

/**
 * Real: PostgreSQL with every observability migration, the retention statements, the job and its lease. Faked:
 * the tenant policies (what the tenant-configuration view would hold) and the clock's "now".
 */
describe('observability retention: a tenant’s old sync statuses and dead letters go, in a real PostgreSQL', () => {
  let database: TestDatabase;
  const NOW = new Date('2026-12-02T12:00:00.000Z');
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
  const logger = createLogger('observability-retention-spec', 'silent');
  const config: RetentionConfig = {
    intervalMs: 3_600_000,
    batchSize: 2,
    defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
  };
  const policies: Record<string, RetentionPolicy> = { acme: { syncStatusDays: 30, deadLetterDays: 10 } };
  const leases: SingletonLease[] = [];

  function job(instanceId: string, overrides: Partial<RetentionConfig> = {}): RetentionJob {
    const lease = new SingletonLease(new LeaseRepository(database.dataSource), { name: 'retention', instanceId, ttlMs: 60_000, logger });
    leases.push(lease);
    return new RetentionJob({
      tables: OBSERVABILITY_RETENTION_TABLES.map(({ kind, ...spec }) =>
        retentionTable(kind, new RetentionRepository(database.dataSource, spec)),
      ),
      policyOf: (tenantId) => policies[tenantId],
      policiesCurrent: async () => true,
      config: { ...config, ...overrides },
      lease,
      logger,
      now: () => NOW,
    });
  }

  async function insertStatus(statusId: string, tenantId: string, recordedAt: Date): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO sync_status_record (status_id, tenant_id, event_id, entity_type, entity_id, stage, status, recorded_at)
       VALUES ($1, $2, $1, 'customer', 'c-1', 'delivery', 'delivered', $3)`,
      [statusId, tenantId, recordedAt],
    );
  }

  async function insertDeadLetter(deadLetterId: string, tenantId: string | null, deadLetteredAt: Date): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO dead_letter (dead_letter_id, tenant_id, service, source_topic, source_partition, source_offset, error_class,
         error_code, error_message, attempts, first_failed_at, dead_lettered_at)
       VALUES ($1, $2, 'transformation', 'ferry.canonical-events.v1', 0, '1', 'permanent', 'X', 'x', 1, $3, $3)`,
      [deadLetterId, tenantId, deadLetteredAt],
    );
  }

  async function insertConflict(findingId: string, tenantId: string, detectedAt: Date): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO system_of_record_conflict (finding_id, tenant_id, connection_id, erp_kind, domain, record_type, erp_record_id,
         field_group, field_path, owner, changed_at, detected_at)
       VALUES ($1, $2, 'ns', 'netsuite', 'customer', 'customer', '1', 'identity', 'customer.name', 'product', $3, $3)`,
      [findingId, tenantId, detectedAt],
    );
  }

  const ID_COLUMN = { sync_status_record: 'status_id', dead_letter: 'dead_letter_id', system_of_record_conflict: 'finding_id' };
  const ids = async (table: keyof typeof ID_COLUMN) =>
    ((await database.dataSource.query(`SELECT ${ID_COLUMN[table]} AS id FROM ${table} ORDER BY 1`)) as { id: string }[]).map(
      (row) => row.id,
    );

  beforeAll(async () => {
    database = await openTestDatabase('observability_retention', OBSERVABILITY_MIGRATIONS);
  });
  afterEach(async () => {
    for (const lease of leases.splice(0)) await lease.stop();
  });
  afterAll(() => database?.drop());

  it('deletes acme’s statuses past its 30 days and everyone’s past the 90-day fleet default, in batches, and keeps the rest', async () => {
    for (let i = 0; i < 5; i += 1) await insertStatus(`acme-40d-${i}`, 'acme', daysAgo(40));
    await insertStatus('acme-29d', 'acme', daysAgo(29));
    await insertStatus('acme-today', 'acme', daysAgo(0));
    await insertStatus('globex-40d', 'globex', daysAgo(40));
    await insertStatus('globex-89d', 'globex', daysAgo(89));
    await insertStatus('globex-91d', 'globex', daysAgo(91));
    await insertDeadLetter('acme-dl-11d', 'acme', daysAgo(11));
    await insertDeadLetter('acme-dl-9d', 'acme', daysAgo(9));
    await insertDeadLetter('globex-dl-11d', 'globex', daysAgo(11));
    await insertDeadLetter('no-tenant-dl-200d', null, daysAgo(200));
    await insertDeadLetter('no-tenant-dl-100d', null, daysAgo(100));
    await insertConflict('acme-conflict-11d', 'acme', daysAgo(11));
    await insertConflict('acme-conflict-9d', 'acme', daysAgo(9));

    const replica = job('replica-a');
    await replica.start();
    const report = await replica.runOnce();
    await replica.stop();

    expect(report).toEqual({ deleted: { sync_status_record: 6, dead_letter: 2, system_of_record_conflict: 1 }, complete: true });
    expect(await ids('sync_status_record')).toEqual(['acme-29d', 'acme-today', 'globex-40d', 'globex-89d']);
    expect(await ids('dead_letter')).toEqual(['acme-dl-9d', 'globex-dl-11d', 'no-tenant-dl-100d']);
    expect(await ids('system_of_record_conflict')).toEqual(['acme-conflict-9d']);
  });

  it('one statement deletes at most the batch size, oldest first', async () => {
    for (let i = 0; i < 5; i += 1) await insertStatus(`batch-${i}`, 'initech', daysAgo(200 + i));
    const repository = new RetentionRepository(database.dataSource, { table: 'sync_status_record', time: 'recorded_at' });
    expect(await repository.deleteBefore('initech', daysAgo(90), 2)).toBe(2);
    expect((await ids('sync_status_record')).filter((id) => id.startsWith('batch-'))).toEqual(['batch-0', 'batch-1', 'batch-2']);
    expect(await repository.deleteBefore('initech', daysAgo(90), 5)).toBe(3);
    expect(await repository.deleteBefore('initech', daysAgo(90), 5)).toBe(0);
    expect(await repository.tenants()).toEqual(['acme', 'globex']);
  });

  it('only the replica holding the lease deletes; the other is told it does not hold it', async () => {
    await insertStatus('umbrella-old', 'umbrella', daysAgo(365));
    const first = job('replica-a');
    const second = job('replica-b');
    await first.start();
    await second.start();
    expect(await second.runOnce()).toBe('not-holder');
    expect(await ids('sync_status_record')).toContain('umbrella-old');
    expect(await first.runOnce()).toMatchObject({ deleted: { sync_status_record: 1 }, complete: true });
    expect(await ids('sync_status_record')).not.toContain('umbrella-old');
    await first.stop();
    await second.stop();
  });
});
