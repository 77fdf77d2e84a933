import { isFinalSyncOutcome, isRecordedSyncOutcome, type SyncStatus } from '@ferry/contracts';

/**
 * What one sync status does to the book of undelivered work (one entry per event and ERP connection):
 * transformation's 'routed' opens an entry, a final delivery outcome closes it, anything else leaves it.
 * Statuses of one entity share a partition, so an entry's 'routed' always comes before its final outcome.
 */
export type DeliveryBookEntry = 'open' | 'close' | 'none';

export function deliveryBookEntry(status: Pick<SyncStatus, 'stage' | 'status' | 'connectionId'>): DeliveryBookEntry {
  if (!status.connectionId) return 'none';
  if (status.stage === 'transformation' && status.status === 'routed') return 'open';
  if (status.stage === 'delivery' && isRecordedSyncOutcome(status.status) && isFinalSyncOutcome(status.status)) return 'close';
  return 'none';
}

/** A completion (the ERP acknowledged a delivery) within the objective: product event → ERP acknowledgement. */
export function completedWithinObjective(status: Pick<SyncStatus, 'stage' | 'status' | 'latencyMs'>, objectiveMs: number): boolean {
  return status.stage === 'delivery' && status.status === 'delivered' && status.latencyMs !== null && status.latencyMs !== undefined
    ? status.latencyMs <= objectiveMs
    : false;
}
