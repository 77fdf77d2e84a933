import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Subjects, Topics, type ReconciliationFinding } from '@ferry/contracts';
import type { ErpConnector } from '@ferry/erp-core';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationView, openConnection } from '@ferry/tenant-config';
import { writtenErpFieldsOf } from '@ferry/canonical-comparison';
import { DeliveredRecordRepository } from '../delivered-records/delivered-record.repository';
import type { ReconciliationConfig } from '../reconciliation.config';
import { ReconciliationRunRepository, type ClaimedRun, type RunCheckpoint } from '../reconciliation/reconciliation-run.repository';
import { reconcileUnit, type UnitCounts } from './record-type-reconciler';
import { runOutcomeOf } from './run-outcome';
import { fallbackNoteOf, unitWindowOf } from './run-mode';
import { planUnits } from './run-plan';
import { driftSummaryOf, type UnitReport } from './run-report';

export const ERP_CONNECTORS = Symbol('ERP_CONNECTORS');

const recordsRead = counter('ferry_reconciliation_records_read_total', 'Records reconciliation read, from the ERP and from its books', [
  'erp',
  'side',
]);
const recordsCompared = counter('ferry_reconciliation_records_compared_total', 'Records reconciliation compared field by field', ['erp']);
const findingsTotal = counter('ferry_reconciliation_findings_total', 'Differences reconciliation found between Ferry and ERPs', [
  'tenant_id',
  'erp',
  'kind',
]);

/** A run's checkpoint with the unit in progress: its resume key and counts so far. */
interface Checkpoint extends RunCheckpoint {
  counts?: UnitCounts;
  units: UnitReport[] & Record<string, unknown>[];
}

/**
 * Works off queued runs: any replica claims one (one run per tenant at a time), renews its lease with every
 * saved page, and a replica that finds a run whose lease ran out takes it over from its checkpoint. Findings are
 * published before the page's checkpoint is committed: a crash between the two publishes them again with the
 * same finding ids (at least once), never loses them.
 */
@Injectable()
export class ReconciliationRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly runs: ReconciliationRunRepository,
    private readonly books: DeliveredRecordRepository,
    private readonly configurations: TenantConfigurationView,
    private readonly producer: EventProducer,
    private readonly sealer: SecretSealer,
    @Inject(ERP_CONNECTORS) private readonly connectors: Record<string, ErpConnector>,
    @Inject(PLATFORM_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.working ??= this.workOff().finally(() => (this.working = undefined));
    }, this.config.runs.pollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.working;
  }

  /** Runs claimed runs until none is left to claim. */
  async workOff(): Promise<void> {
    // A run claimed before the configuration view has loaded would find no configuration and fail for nothing.
    await this.configurations.ready();
    while (!this.stopping) {
      const claimed = await this.runs.claimNext(this.config.instanceId, this.config.runs.leaseMs).catch((error: unknown) => {
        this.logger.error({ err: error }, 'could not claim a reconciliation run');
        return undefined;
      });
      if (!claimed) return;
      await this.execute(claimed);
    }
  }

  async execute(claimed: ClaimedRun): Promise<void> {
    const { runId, tenantId } = claimed;
    const owner = this.config.instanceId;
    const leaseMs = this.config.runs.leaseMs;
    const configuration = this.configurations.cached(tenantId);
    if (!configuration) return this.runs.finish(runId, owner, 'failed', { units: [] }, `tenant ${tenantId} has no configuration`);
    const units = planUnits(configuration, new Set(Object.keys(this.connectors)));
    const checkpoint: Checkpoint = (claimed.checkpoint as Checkpoint | null) ?? { unitIndex: 0, units: [] };
    const totals = { recordsRead: claimed.recordsRead, recordsCompared: claimed.recordsCompared, findingsFound: claimed.findingsFound };
    const resumedAt = Date.now();
    const runningSeconds = () => claimed.runningSeconds + (Date.now() - resumedAt) / 1000;
    const watermarks = await this.runs.watermarksOf(tenantId);
    const windows = units.map((unit) =>
      unitWindowOf({
        requested: claimed.mode,
        watermark: watermarks.get(`${unit.connectionId}/${unit.recordType}`),
        changeCursor: this.connectors[unit.erpKind]?.changeCursor,
        clockSkewMs: this.config.runs.clockSkewMs,
      }),
    );
    // An incremental run's expected total is not known before it reads (what changed): no ETA then.
    let recordsExpected: number | null = windows.some((window) => window.mode === 'incremental') ? null : 0;
    if (recordsExpected !== null)
      for (const unit of units) if (!unit.unsupported) recordsExpected += await this.books.countFor({ tenantId, ...unit });
    const save = (findings: ReconciliationFinding[]) =>
      this.runs.savePage(runId, owner, leaseMs, { checkpoint, ...totals, runningSeconds: runningSeconds(), recordsExpected }, findings);
    if (claimed.checkpoint)
      this.logger.info({ runId, tenantId, checkpoint: { unitIndex: checkpoint.unitIndex } }, 'resuming reconciliation run');

    for (let index = checkpoint.unitIndex; index < units.length; index++) {
      const unit = units[index]!;
      const window = windows[index]!;
      const note = fallbackNoteOf(window);
      const about = { connectionId: unit.connectionId, erpKind: unit.erpKind, recordType: unit.recordType };
      const readAs = {
        mode: window.mode,
        ...(window.mode === 'incremental' ? { changedSince: window.erpChangedSince } : {}),
        ...(note ? { note } : {}),
      };
      const finishUnit = async (report: UnitReport): Promise<boolean> => {
        checkpoint.units.push(report as UnitReport & Record<string, unknown>);
        checkpoint.unitIndex = index + 1;
        delete checkpoint.afterExternalId;
        delete checkpoint.counts;
        return save([]);
      };
      if (unit.unsupported || !unit.connection || !unit.reader) {
        if (!(await finishUnit({ ...about, outcome: 'unsupported', reason: unit.unsupported ?? 'not readable' }))) return;
        continue;
      }
      const before = checkpoint.counts
        ? { books: checkpoint.counts.booksRead, erp: checkpoint.counts.erpRead, compared: checkpoint.counts.compared }
        : { books: 0, erp: 0, compared: 0 };
      try {
        const result = await reconcileUnit(this.books, {
          runId,
          scope: { tenantId, ...about },
          connection: openConnection(tenantId, unit.connection, this.sealer),
          connector: this.connectors[unit.erpKind]!,
          reader: unit.reader,
          writtenErpFields: writtenErpFieldsOf(unit.mapping),
          ...(checkpoint.afterExternalId !== undefined ? { afterExternalId: checkpoint.afterExternalId } : {}),
          ...(checkpoint.counts ? { counts: checkpoint.counts } : {}),
          pageSize: this.config.runs.pageSize,
          clockSkewMs: this.config.runs.clockSkewMs,
          ...(window.mode === 'incremental'
            ? { window: { erpChangedSince: window.erpChangedSince, booksChangedAfter: window.booksChangedAfter } }
            : {}),
          ...(unit.reader.totals ? { totals: unit.reader.totals } : {}),
          onBatch: async ({ afterExternalId, findings, counts }) => {
            await this.publish(findings);
            for (const finding of findings) findingsTotal.inc({ tenant_id: tenantId, erp: unit.erpKind, kind: finding.kind });
            recordsRead.inc({ erp: unit.erpKind, side: 'erp' }, counts.erpRead - before.erp);
            recordsRead.inc({ erp: unit.erpKind, side: 'books' }, counts.booksRead - before.books);
            recordsCompared.inc({ erp: unit.erpKind }, counts.compared - before.compared);
            totals.recordsRead += counts.booksRead + counts.erpRead - before.books - before.erp;
            totals.recordsCompared += counts.compared - before.compared;
            totals.findingsFound += findings.length;
            before.books = counts.booksRead;
            before.erp = counts.erpRead;
            before.compared = counts.compared;
            checkpoint.afterExternalId = afterExternalId;
            checkpoint.counts = counts;
            checkpoint.unitIndex = index;
            const held = await save(findings);
            return held && !this.stopping;
          },
        });
        if (!result) {
          this.logger.warn(
            { runId, tenantId },
            'reconciliation run stopped (lease lost or shutting down); a replica resumes it from its checkpoint',
          );
          return;
        }
        if (!(await finishUnit({ ...about, ...readAs, outcome: 'completed', readMode: result.readMode, counts: result.counts }))) return;
      } catch (error) {
        this.logger.error({ err: error, runId, tenantId, ...about }, 'reconciliation of a record type failed');
        if (!(await finishUnit({ ...about, outcome: 'failed', reason: (error as Error).message }))) return;
      }
    }
    const reports = checkpoint.units as UnitReport[];
    const status = runOutcomeOf(reports.map((report) => report.outcome));
    const summary = { mode: claimed.mode, units: reports, drift: driftSummaryOf(reports) };
    // Every unit compared to the end moves its watermark to this run's start; a failed or unsupported one does not.
    await this.runs.finish(
      runId,
      owner,
      status,
      summary,
      status === 'failed' ? reports.find((r) => r.outcome === 'failed')?.reason : undefined,
      reports.filter((report) => report.outcome === 'completed'),
    );
    this.logger.info({ runId, tenantId, status, drift: summary.drift }, `reconciliation run ${status}`);
  }

  private async publish(findings: ReconciliationFinding[]): Promise<void> {
    if (findings.length === 0) return;
    await this.producer.publish(
      findings.map((finding) => ({
        topic: Topics.reconciliationFindings,
        key: `${finding.tenantId}:${finding.recordType}:${finding.externalId}`,
        subject: Subjects.ReconciliationFinding,
        value: finding,
      })),
    );
  }
}
