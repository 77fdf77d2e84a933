import { randomUUID } from 'node:crypto';
import type { RetentionConfig } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';
import { LeaseRepository, RetentionRepository, SingletonLease } from '@ferry/database';
import { createLogger } from '@ferry/logging';
import { RetentionJob, retentionTable } from '@ferry/tenant-config';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { RECONCILIATION_MIGRATIONS } from '../migrations/reconciliation-migrations';
import { RECONCILIATION_RETENTION_TABLES } from './reconciliation-retention-tables';

/** Real: PostgreSQL with every reconciliation migration, the retention statements, the job and its lease. Faked: the policies and "now". */
describe('reconciliation retention: old findings and finished runs go, the latest finished run stays, in a real PostgreSQL', () => {
  let database: TestDatabase;
  const NOW = new Date();
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
  const logger = createLogger('reconciliation-retention-spec', 'silent');
  const config: RetentionConfig = {
    intervalMs: 3_600_000,
    batchSize: 2,
    defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
  };
  const policies: Record<string, RetentionPolicy> = { acme: { reconciliationDays: 30 } };
  const runs = new Map<string, string>();

  async function run(name: string, tenantId: string, status: string, finishedDaysAgo: number | null, findingDaysAgo: number[] = []) {
    const runId = randomUUID();
    runs.set(runId, name);
    const finishedAt = finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo);
    await database.dataSource.query(
      `INSERT INTO reconciliation_run (run_id, tenant_id, trigger, status, started_at, finished_at) VALUES ($1, $2, 'scheduled', $3, $4, $5)`,
      [runId, tenantId, status, daysAgo((finishedDaysAgo ?? 0) + 0.01), finishedAt],
    );
    for (const age of findingDaysAgo)
      await database.dataSource.query(
        `INSERT INTO reconciliation_finding (finding_id, run_id, tenant_id, connection_id, record_type, external_id, kind, detected_at)
         VALUES ($1, $2, $3, 'ns', 'customer', $4, 'missing_in_erp', $5)`,
        [randomUUID(), runId, tenantId, `ferry-${age}`, daysAgo(age)],
      );
  }

  beforeAll(async () => {
    database = await openTestDatabase('reconciliation_retention', RECONCILIATION_MIGRATIONS);
  });
  afterAll(() => database?.drop());

  it('prunes acme past 30 days and globex past the 180-day default, keeping runs with findings left and the latest finished run', async () => {
    await run('acme-old-with-old-findings', 'acme', 'completed', 60, [60, 60, 60]);
    await run('acme-old-failed', 'acme', 'failed', 50);
    await run('acme-old-with-recent-finding', 'acme', 'partial', 40, [40, 5]);
    await run('acme-latest', 'acme', 'completed', 35, [35]);
    await run('acme-queued', 'acme', 'queued', null);
    await run('globex-old', 'globex', 'completed', 200, [200]);
    await run('globex-60d', 'globex', 'completed', 60, [60]);
    await run('initech-only-run', 'initech', 'completed', 400, [400]);

    const lease = new SingletonLease(new LeaseRepository(database.dataSource), {
      name: 'retention',
      instanceId: 'recon-a',
      ttlMs: 60_000,
      logger,
    });
    const job = new RetentionJob({
      tables: RECONCILIATION_RETENTION_TABLES.map(({ kind, ...spec }) =>
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
    expect(await job.runOnce()).toEqual({ deleted: { reconciliation_finding: 7, reconciliation_run: 3 }, complete: true });
    await job.stop();

    const left = (await database.dataSource.query(`SELECT run_id FROM reconciliation_run`)) as { run_id: string }[];
    expect(left.map((row) => runs.get(row.run_id)).sort()).toEqual([
      'acme-latest',
      'acme-old-with-recent-finding',
      'acme-queued',
      'globex-60d',
      'initech-only-run',
    ]);
    const findings = (await database.dataSource.query(
      `SELECT tenant_id, detected_at FROM reconciliation_finding ORDER BY detected_at`,
    )) as {
      tenant_id: string;
    }[];
    expect(findings.map((row) => row.tenant_id)).toEqual(['globex', 'acme']);
  });
});
