import { isRecordedSyncOutcome, type FinalSyncOutcome, type LegacySyncOutcome, type RecordedSyncOutcome } from '@ferry/contracts';
import type { AggregateRow } from './sync-status.repository';

/**
 * The buckets of a summary's totals: the final statuses of the SyncStatus vocabulary, and `failed` for the final
 * statuses older releases wrote (no current service publishes it; see docs/topics-and-schemas.md).
 */
export type SummaryBucket = FinalSyncOutcome | LegacySyncOutcome;

export interface SyncSummary {
  tenantId: string;
  /** Final outcomes of the pipeline: delivered to an ERP, skipped (by configuration, or not applied), or dead-lettered. */
  totals: Record<SummaryBucket, number>;
  /**
   * Of `totals.skipped`, the versions delivery did not apply because a newer one was delivered first (errorCode
   * STALE_VERSION; the delivery queue calls them stale). The rest were skipped by transformation's rules.
   */
  notApplied: number;
  byEntityType: Record<string, Record<string, number>>;
  averageDeliveryLatencyMs: number | null;
  lastRecordedAt: string | null;
}

/** The totals bucket a status counts in, or undefined for a status on the way (routed, retrying, parked). */
export function summaryBucketOf(status: RecordedSyncOutcome): SummaryBucket | undefined {
  switch (status) {
    case 'delivered':
    case 'skipped':
    case 'dead_lettered':
    case 'failed':
      return status;
    case 'routed':
    case 'retrying':
    case 'parked':
      return undefined;
    default:
      return unknownStatus(status);
  }
}

function unknownStatus(status: never): never {
  throw new Error(`sync status ${String(status)} has no summary bucket`);
}

/** Folds a tenant's aggregate rows into the summary the API serves. Pure, for unit tests. */
export function summarise(tenantId: string, rows: AggregateRow[]): SyncSummary {
  const totals: SyncSummary['totals'] = { delivered: 0, failed: 0, skipped: 0, dead_lettered: 0 };
  const byEntityType: SyncSummary['byEntityType'] = {};
  let notApplied = 0;
  let deliveredLatency = 0;
  let last: Date | null = null;
  for (const row of rows) {
    // A status outside the vocabulary (a newer release's) still shows per entity type, never in the totals.
    const bucket = isRecordedSyncOutcome(row.status) ? summaryBucketOf(row.status) : undefined;
    if (bucket) totals[bucket] += row.eventCount;
    if (bucket === 'skipped' && row.stage === 'delivery') notApplied += row.eventCount;
    const perEntity = (byEntityType[row.entityType] ??= {});
    perEntity[row.status] = (perEntity[row.status] ?? 0) + row.eventCount;
    if (row.stage === 'delivery' && row.status === 'delivered') deliveredLatency += row.latencyMsTotal;
    if (!last || row.lastRecordedAt > last) last = row.lastRecordedAt;
  }
  return {
    tenantId,
    totals,
    notApplied,
    byEntityType,
    averageDeliveryLatencyMs: totals.delivered > 0 ? Math.round(deliveredLatency / totals.delivered) : null,
    lastRecordedAt: last ? last.toISOString() : null,
  };
}
