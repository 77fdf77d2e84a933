import type { RetentionConfig } from '@ferry/config';
import type { SingletonLease } from '@ferry/database';
import { RetentionJob, type RetentionTable } from './retention-job';

const NOW = new Date('2026-12-02T00:00:00.000Z');
const DAY = 86_400_000;
const config: RetentionConfig = {
  intervalMs: 3_600_000,
  batchSize: 3,
  defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
};
const logger = { info: () => undefined, warn: () => undefined };

/** A table in memory: rows of (tenant, age in days). */
function memoryTable(
  table: string,
  rows: [string | null, number][],
  calls: string[] = [],
): RetentionTable & { rows: [string | null, number][] } {
  const state = {
    table,
    kind: 'syncStatus' as const,
    rows: [...rows],
    tenants: async () => [...new Set(state.rows.map(([tenant]) => tenant))],
    deleteBefore: async (tenantId: string | null, cutoff: Date, limit: number) => {
      calls.push(`${table}:${tenantId}:${(NOW.getTime() - cutoff.getTime()) / DAY}d`);
      const doomed = state.rows
        .filter(([tenant, age]) => tenant === tenantId && NOW.getTime() - age * DAY < cutoff.getTime())
        .slice(0, limit);
      state.rows = state.rows.filter((row) => !doomed.includes(row));
      return doomed.length;
    },
  };
  return state;
}

/** A lease that runs the work and answers stillHeld from a script (true until it runs out). */
function scriptedLease(stillHeld: boolean[] = []): SingletonLease {
  return {
    start: async () => undefined,
    stop: async () => undefined,
    runExclusive: async (work: (fence: { epoch: number; stillHeld(): Promise<boolean> }) => Promise<void>) => {
      await work({ epoch: 1, stillHeld: async () => stillHeld.shift() ?? true });
      return 'run' as const;
    },
  } as unknown as SingletonLease;
}

describe('RetentionJob: tenant by tenant, in batches, under the lease', () => {
  it('deletes each tenant’s rows past its own cutoff, batch after batch until a short one', async () => {
    const calls: string[] = [];
    const table = memoryTable(
      'sync_status_record',
      [
        ['acme', 40],
        ['acme', 41],
        ['acme', 42],
        ['acme', 43],
        ['acme', 10],
        ['globex', 40],
        ['globex', 100],
        [null, 100],
      ],
      calls,
    );
    const job = new RetentionJob({
      tables: [table],
      policyOf: (tenantId) => (tenantId === 'acme' ? { syncStatusDays: 30 } : undefined),
      policiesCurrent: async () => true,
      config,
      lease: scriptedLease(),
      logger,
      now: () => NOW,
    });
    expect(await job.runOnce()).toEqual({ deleted: { sync_status_record: 6 }, complete: true });
    expect(table.rows).toEqual([
      ['acme', 10],
      ['globex', 40],
    ]);
    expect(calls).toEqual([
      'sync_status_record:acme:30d',
      'sync_status_record:acme:30d',
      'sync_status_record:globex:90d',
      'sync_status_record:null:90d',
    ]);
  });

  it('stops before the next statement when the lease is lost, and reports the run incomplete', async () => {
    const table = memoryTable(
      'dead_letter',
      Array.from({ length: 9 }, () => ['acme', 400] as [string, number]),
    );
    const job = new RetentionJob({
      tables: [table],
      policyOf: () => undefined,
      policiesCurrent: async () => true,
      config,
      lease: scriptedLease([true, false]),
      logger,
      now: () => NOW,
    });
    expect(await job.runOnce()).toEqual({ deleted: { dead_letter: 3 }, complete: false });
    expect(table.rows).toHaveLength(6);
  });

  it('a table that fails is reported and retried next run; the other tables still run', async () => {
    const broken: RetentionTable = {
      table: 'broken',
      kind: 'syncStatus',
      tenants: async () => ['acme'],
      deleteBefore: async () => {
        throw new Error('relation does not exist');
      },
    };
    const healthy = memoryTable('sync_status_record', [['acme', 400]]);
    const job = new RetentionJob({
      tables: [broken, healthy],
      policyOf: () => undefined,
      policiesCurrent: async () => true,
      config,
      lease: scriptedLease(),
      logger,
      now: () => NOW,
    });
    expect(await job.runOnce()).toEqual({ deleted: { broken: 0, sync_status_record: 1 }, complete: false });
  });

  it.each([
    ['answers false', async () => false],
    ['fails', async () => Promise.reject(new Error('Kafka away'))],
  ])('deletes nothing when the configuration view cannot be confirmed current (it %s)', async (_case, policiesCurrent) => {
    const table = memoryTable('sync_status_record', [['acme', 400]]);
    const job = new RetentionJob({
      tables: [table],
      policyOf: () => undefined,
      policiesCurrent,
      config,
      lease: scriptedLease(),
      logger,
      now: () => NOW,
    });
    expect(await job.runOnce()).toEqual({ deleted: {}, complete: false });
    expect(table.rows).toHaveLength(1);
  });

  it('does not start when its interval is 0', async () => {
    let started = false;
    const lease = { ...scriptedLease(), start: async () => void (started = true) } as unknown as SingletonLease;
    await new RetentionJob({
      tables: [memoryTable('t', [])],
      policyOf: () => undefined,
      policiesCurrent: async () => true,
      config: { ...config, intervalMs: 0 },
      lease,
      logger,
    }).start();
    expect(started).toBe(false);
  });
});
