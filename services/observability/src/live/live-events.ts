import type { DeadLetterRecord, DeliveryLaneStateChanged, SyncStatus } from '@ferry/contracts';
import type { LiveEvent } from './live-stream';

/** What the console's tenant view needs of a new sync status (the same fields as a row of GET …/sync-statuses). */
export function liveSyncStatus(status: SyncStatus): LiveEvent {
  return {
    type: 'sync-status',
    tenantId: status.tenantId,
    status: {
      statusId: status.statusId,
      eventId: status.eventId,
      entityType: status.entityType,
      entityId: status.entityId,
      stage: status.stage,
      status: status.status,
      connectionId: status.connectionId ?? null,
      errorClass: status.errorClass ?? null,
      errorCode: status.errorCode ?? null,
      errorMessage: status.errorMessage ?? null,
      configVersion: status.configVersion ?? null,
      recordedAt: new Date(status.recordedAt).toISOString(),
    },
  };
}

/** A dead letter without a tenant (a message too broken to name one) has no view to update: not streamed. */
export function liveDeadLetter(record: DeadLetterRecord): LiveEvent | undefined {
  if (!record.tenantId) return undefined;
  return {
    type: 'dead-letter',
    tenantId: record.tenantId,
    deadLetter: {
      deadLetterId: record.deadLetterId,
      service: record.service,
      eventId: record.eventId ?? null,
      errorClass: record.errorClass,
      errorCode: record.errorCode,
    },
  };
}

export function liveLaneState(change: DeliveryLaneStateChanged): LiveEvent {
  return {
    type: 'lane-state',
    tenantId: change.tenantId,
    lane: {
      connectionId: change.connectionId,
      erpKind: change.erpKind,
      service: change.service,
      state: change.state,
      reason: change.reason ?? null,
      pendingCount: change.pendingCount ?? null,
      changedAt: new Date(change.changedAt).toISOString(),
    },
  };
}
