import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TenantConfigurationView } from '@ferry/tenant-config';
import { ReconciliationException } from '../reconciliation.exception';
import {
  driftSummaryOf,
  progressViewOf,
  type DriftSummary,
  type RunProgressView,
  type UnitReport,
} from '../reconciliation-runs/run-report';
import { DEFAULT_RUN_MODE, requestedModeOf, type RunMode } from '../reconciliation-runs/run-mode';
import { ReconciliationRunRepository } from './reconciliation-run.repository';

export interface QueuedRun {
  runId: string;
  tenantId: string;
  mode: RunMode;
  status: 'queued';
}

export interface RunView {
  runId: string;
  tenantId: string;
  trigger: string;
  mode: RunMode;
  status: string;
  startedAt: unknown;
  finishedAt: unknown;
  progress: RunProgressView;
  summary: unknown;
  errorMessage: string | null;
  findings?: unknown[];
}

/** The API's side of reconciliation: queue a run, show one with its progress, show a tenant's drift. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly runs: ReconciliationRunRepository,
    private readonly configurations: TenantConfigurationView,
  ) {}

  /** Queues a run for the runner (any replica); `scheduled` adds none while the tenant has one queued or running. */
  async enqueue(tenantId: string, trigger: 'on_demand' | 'scheduled', body?: unknown): Promise<QueuedRun | undefined> {
    const mode = body === undefined ? DEFAULT_RUN_MODE : requestedModeOf(body);
    if (typeof mode !== 'string') throw new ReconciliationException('INVALID_RUN_REQUEST', mode.error);
    if (!this.configurations.cached(tenantId))
      throw new ReconciliationException('TENANT_NOT_CONFIGURED', `tenant ${tenantId} has no configuration`);
    const runId = randomUUID();
    const queued = await this.runs.enqueue({ runId, tenantId, trigger, mode }, trigger === 'scheduled');
    return queued ? { runId, tenantId, mode, status: 'queued' } : undefined;
  }

  async find(tenantId: string, runId: string): Promise<RunView> {
    const run = await this.runs.findWithFindings(tenantId, runId);
    if (!run) throw new ReconciliationException('RUN_NOT_FOUND', `no reconciliation run ${runId} for tenant ${tenantId}`);
    return { ...viewOf(run), findings: run['findings'] as unknown[] };
  }

  async driftSummary(tenantId: string): Promise<{ runId: string | null; finishedAt: unknown; drift: DriftSummary }> {
    const run = await this.runs.latestFinished(tenantId);
    const units = ((run?.['summary'] as { units?: UnitReport[] } | null)?.units ?? []) as UnitReport[];
    return {
      runId: (run?.['run_id'] as string | undefined) ?? null,
      finishedAt: run?.['finished_at'] ?? null,
      drift: driftSummaryOf(units),
    };
  }
}

function viewOf(run: Record<string, unknown>): RunView {
  const checkpoint = run['checkpoint'] as { units?: UnitReport[]; counts?: { booksRead: number } } | null;
  const booksRead =
    (checkpoint?.units ?? []).reduce((sum, unit) => sum + (unit.counts?.booksRead ?? 0), 0) + (checkpoint?.counts?.booksRead ?? 0);
  const status = String(run['status']);
  return {
    runId: String(run['run_id']),
    tenantId: String(run['tenant_id']),
    trigger: String(run['trigger']),
    mode: run['mode'] === 'incremental' ? 'incremental' : 'full',
    status,
    startedAt: run['started_at'],
    finishedAt: run['finished_at'] ?? null,
    progress: progressViewOf({
      recordsRead: Number(run['records_read'] ?? 0),
      recordsCompared: Number(run['records_compared'] ?? 0),
      booksRead,
      runningSeconds: Number(run['running_seconds'] ?? 0),
      recordsExpected: run['records_expected'] === null || run['records_expected'] === undefined ? null : Number(run['records_expected']),
      finished: !['queued', 'running'].includes(status),
    }),
    summary: run['summary'] ?? null,
    errorMessage: (run['error_message'] as string | null) ?? null,
  };
}
