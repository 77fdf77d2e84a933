import type { RetentionConfig, RetentionKind } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';
import type { LeaseFence, SingletonLease } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { counter, gauge, histogram } from '@ferry/metrics';
import { retentionCutoffs, type RetentionCutoffs } from './retention-cutoffs';

/** One table a service prunes: the queries are the service's repository's, the schedule and decisions this job's. */
export interface RetentionTable {
  /** The table's name, as the metric label (e.g. sync_status_record). */
  table: string;
  kind: RetentionKind;
  /** The tenants with rows in the table; null stands for rows of no known tenant, kept by the fleet default. */
  tenants(): Promise<(string | null)[]>;
  /** Deletes at most `limit` of the tenant's rows from before `cutoff`, oldest first; answers how many went. */
  deleteBefore(tenantId: string | null, cutoff: Date, limit: number): Promise<number>;
}

export interface RetentionJobOptions {
  tables: RetentionTable[];
  /** The tenant's retention policy as this replica knows it (undefined: no configuration, the fleet defaults). */
  policyOf: (tenantId: string) => RetentionPolicy | null | undefined;
  /**
   * Whether policyOf is current: the configuration view read to the topic's end. A run does not start on a view
   * that may be missing a tenant, since that tenant would get the fleet default, possibly shorter than its own.
   */
  policiesCurrent: () => Promise<boolean>;
  config: RetentionConfig;
  /** Makes the job a singleton: one replica deletes, the others wait their turn. */
  lease: SingletonLease;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

/** Rows deleted per table in one run; `complete` is false when the run stopped early (lease lost, shutdown, error). */
export interface RetentionRunReport {
  deleted: Record<string, number>;
  complete: boolean;
}

const rowsDeleted = counter('ferry_retention_rows_deleted_total', 'Rows the retention job deleted, per table', ['table']);
const failures = counter('ferry_retention_failures_total', 'Retention runs of a table that failed (retried next run)', ['table']);
const lastRun = gauge('ferry_retention_last_run_timestamp_seconds', 'When the retention job last finished a run on this replica', [
  'outcome',
]);
const duration = histogram(
  'ferry_retention_run_duration_seconds',
  'How long a retention run took',
  [],
  [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
);

/**
 * A service's scheduled retention: every RETENTION_INTERVAL_SECONDS, on the replica holding the lease, each
 * table's rows older than its tenant's retention (retentionCutoffs: the tenant's policy, else the fleet default)
 * are deleted in statements of RETENTION_BATCH_SIZE rows, tenant by tenant, checking between statements that the
 * lease is still held, so a long backlog never holds one long transaction and two replicas never delete at once.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;

  constructor(private readonly options: RetentionJobOptions) {}

  async start(): Promise<void> {
    if (this.options.config.intervalMs === 0 || this.options.tables.length === 0) return;
    await this.options.lease.start();
    this.timer = setInterval(() => void this.runOnce(), this.options.config.intervalMs);
    this.timer.unref();
  }

  /** No new run; the running one stops after its current statement; the lease is handed over. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
    await this.options.lease.stop();
  }

  /** One run if this replica holds the lease (and none is running here): what was deleted, or why nothing ran. */
  async runOnce(): Promise<RetentionRunReport | 'not-holder' | 'lost' | 'busy'> {
    if (this.running) return 'busy';
    let report: RetentionRunReport | undefined;
    const run = this.options.lease.runExclusive(async (fence) => {
      report = await this.prune(fence);
    });
    this.running = run;
    try {
      const outcome = await run;
      return outcome === 'run' && report ? report : outcome === 'run' ? 'lost' : outcome;
    } finally {
      this.running = undefined;
    }
  }

  /** Deletes what is past retention in every table, as long as `fence` holds. Exposed for the integration specs. */
  async prune(fence: Pick<LeaseFence, 'stillHeld'>): Promise<RetentionRunReport> {
    const startedAt = Date.now();
    const now = this.options.now?.() ?? new Date();
    const fleet = retentionCutoffs(null, this.options.config.defaults, now);
    const report: RetentionRunReport = { deleted: {}, complete: true };
    if (!(await this.options.policiesCurrent().catch(() => false))) {
      this.options.logger.warn({}, 'tenant retention policies could not be confirmed current; nothing deleted, the next run tries again');
      lastRun.set({ outcome: 'incomplete' }, Date.now() / 1000);
      return { deleted: {}, complete: false };
    }
    tables: for (const table of this.options.tables) {
      let tableRows = 0;
      try {
        for (const tenantId of await table.tenants()) {
          const cutoffs: RetentionCutoffs =
            tenantId === null ? fleet : retentionCutoffs(this.options.policyOf(tenantId), this.options.config.defaults, now);
          const deleted = await this.pruneTenant(table, tenantId, cutoffs[table.kind], fence);
          tableRows += deleted.rows;
          if (!deleted.complete) {
            report.complete = false;
            report.deleted[table.table] = tableRows;
            break tables;
          }
        }
      } catch (error) {
        failures.inc({ table: table.table });
        report.complete = false;
        this.options.logger.warn({ err: error, table: table.table }, 'retention of a table failed; the next run retries');
      }
      report.deleted[table.table] = tableRows;
    }
    duration.observe((Date.now() - startedAt) / 1000);
    lastRun.set({ outcome: report.complete ? 'complete' : 'incomplete' }, Date.now() / 1000);
    this.options.logger.info({ deleted: report.deleted, complete: report.complete, ms: Date.now() - startedAt }, 'retention run finished');
    return report;
  }

  private async pruneTenant(
    table: RetentionTable,
    tenantId: string | null,
    cutoff: Date,
    fence: Pick<LeaseFence, 'stillHeld'>,
  ): Promise<{ rows: number; complete: boolean }> {
    const limit = this.options.config.batchSize;
    let rows = 0;
    for (;;) {
      if (this.stopping || !(await fence.stillHeld())) return { rows, complete: false };
      const deleted = await table.deleteBefore(tenantId, cutoff, limit);
      rows += deleted;
      rowsDeleted.inc({ table: table.table }, deleted);
      if (deleted < limit) return { rows, complete: true };
    }
  }
}
