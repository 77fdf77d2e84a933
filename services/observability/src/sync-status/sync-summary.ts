import type { AggregateRow } from './sync-status.repository';

export interface SyncSummary {
  tenantId: string;
  /** Final outcomes of the pipeline: delivered to an ERP, skipped by configuration, or dead-lettered. */
  totals: Record<'delivered' | 'failed' | 'skipped' | 'dead_lettered', number>;
  byEntityType: Record<string, Record<string, number>>;
  averageDeliveryLatencyMs: number | null;
  lastRecordedAt: string | null;
}

/** Folds a tenant's aggregate rows into the summary the API serves. Pure, for unit tests. */
export function summarise(tenantId: string, rows: AggregateRow[]): SyncSummary {
  const totals: SyncSummary['totals'] = { delivered: 0, failed: 0, skipped: 0, dead_lettered: 0 };
  const byEntityType: SyncSummary['byEntityType'] = {};
  let deliveredLatency = 0;
  let last: Date | null = null;
  for (const row of rows) {
    if (row.status in totals) totals[row.status as keyof SyncSummary['totals']] += row.eventCount;
    const perEntity = (byEntityType[row.entityType] ??= {});
    perEntity[row.status] = (perEntity[row.status] ?? 0) + row.eventCount;
    if (row.stage === 'delivery' && row.status === 'delivered') deliveredLatency += row.latencyMsTotal;
    if (!last || row.lastRecordedAt > last) last = row.lastRecordedAt;
  }
  return {
    tenantId,
    totals,
    byEntityType,
    averageDeliveryLatencyMs: totals.delivered > 0 ? Math.round(deliveredLatency / totals.delivered) : null,
    lastRecordedAt: last ? last.toISOString() : null,
  };
}
