import { createHash } from 'node:crypto';
import type { SyncStatus } from './generated/contracts.generated';
import { entityKey } from './canonical-events';
import { Topics } from './topics';

/** erp-read: inbound-sync read a change made in an ERP and published it to the product (ferry.erp-events.v1). */
export type SyncStage = 'transformation' | 'delivery' | 'erp-read';

/**
 * The one vocabulary of `SyncStatus.status` (schemas/io/ferry/sync/v1/SyncStatus.avsc), used by every publisher,
 * observability and the docs (docs/topics-and-schemas.md#syncstatus-the-words-it-uses).
 * Final: delivered, skipped, dead_lettered. On the way: routed (transformation handed the event to one ERP
 * connection), retrying (a try failed, another is scheduled), parked (waits for new credentials or an operator).
 * There is no `stale` status: a version overtaken by a newer one (the delivery queue's state `stale`) is
 * published as `skipped` with errorCode {@link NOT_APPLIED_ERROR_CODE} and an errorMessage "not applied: …".
 */
export type FinalSyncOutcome = 'delivered' | 'skipped' | 'dead_lettered';
export type InProgressSyncOutcome = 'routed' | 'retrying' | 'parked';
/** What services publish today. */
export type SyncOutcome = FinalSyncOutcome | InProgressSyncOutcome;
/** Final status written by older releases only (today's would be dead_lettered): read, never published. */
export type LegacySyncOutcome = 'failed';
/** Any status a stored or consumed SyncStatus may carry. */
export type RecordedSyncOutcome = SyncOutcome | LegacySyncOutcome;

export const FINAL_SYNC_OUTCOMES: readonly FinalSyncOutcome[] = ['delivered', 'skipped', 'dead_lettered'];
export const RECORDED_SYNC_OUTCOMES: readonly RecordedSyncOutcome[] = [...FINAL_SYNC_OUTCOMES, 'routed', 'retrying', 'parked', 'failed'];

/** errorCode of a delivery-stage `skipped`: a newer version of the record was delivered first, this one was not applied. */
export const NOT_APPLIED_ERROR_CODE = 'STALE_VERSION';

export function isRecordedSyncOutcome(status: string): status is RecordedSyncOutcome {
  return (RECORDED_SYNC_OUTCOMES as readonly string[]).includes(status);
}

/** Whether an event's story ends with this status (nothing more will be published for it, short of a replay). */
export function isFinalSyncOutcome(status: RecordedSyncOutcome): boolean {
  switch (status) {
    case 'delivered':
    case 'skipped':
    case 'dead_lettered':
    case 'failed':
      return true;
    case 'routed':
    case 'retrying':
    case 'parked':
      return false;
    default:
      return unreachable(status);
  }
}

function unreachable(status: never): never {
  throw new Error(`unknown sync status ${String(status)}`);
}

/** outbound: a change made in the product, on its way to ERPs; inbound: a change made in an ERP, read back. */
export type SyncDirection = 'outbound' | 'inbound';

/** The product is the only source of outbound changes; any other source is an ERP whose change Ferry read back. */
export function syncDirection(sourceSystem: string | null | undefined): SyncDirection | null {
  if (!sourceSystem) return null;
  return sourceSystem === 'product' ? 'outbound' : 'inbound';
}

export interface SyncStatusSubject {
  eventId: string;
  tenantId: string;
  correlationId: string;
  entityType: string;
  entityId: string;
  entityVersion: number;
  eventOccurredAt: number;
  /** The envelope's sourceSystem; null only for commands of older releases, which did not carry it. */
  sourceSystem: string | null | undefined;
  connectionId?: string | null;
  /** Operator replays of the event so far: each replay's outcomes are new statuses, not repeats of the first. */
  replayCount?: number;
}

/**
 * A SyncStatus ready to publish on the sync-status topic (keyed like the entity, so a tenant's statuses keep
 * their order). statusId is derived from event, stage, outcome and connection: publishing the same outcome
 * twice yields the same id, which consumers use to count it once.
 */
export function syncStatusMessage(
  about: SyncStatusSubject,
  stage: SyncStage,
  status: SyncOutcome,
  details: Partial<
    Omit<
      SyncStatus,
      'statusId' | 'eventId' | 'tenantId' | 'correlationId' | 'entityType' | 'entityId' | 'entityVersion' | 'stage' | 'status'
    >
  > = {},
  now = Date.now(),
) {
  const statusId = createHash('sha256')
    .update(
      [about.eventId, stage, status, about.connectionId ?? '', ...(about.replayCount ? [String(about.replayCount)] : [])].join('\u0000'),
    )
    .digest('hex')
    .slice(0, 32);
  const value: SyncStatus = {
    statusId,
    eventId: about.eventId,
    tenantId: about.tenantId,
    correlationId: about.correlationId,
    entityType: about.entityType,
    entityId: about.entityId,
    entityVersion: about.entityVersion,
    stage,
    status,
    connectionId: about.connectionId ?? null,
    latencyMs: Math.max(0, now - about.eventOccurredAt),
    recordedAt: now,
    sourceSystem: about.sourceSystem ?? null,
    eventOccurredAt: about.eventOccurredAt,
    direction: syncDirection(about.sourceSystem),
    ...details,
  };
  return {
    topic: Topics.syncStatus,
    key: entityKey(about.tenantId, about.entityType, about.entityId),
    subject: 'io.ferry.sync.v1.SyncStatus',
    value,
  };
}

/** An ERP record Ferry wrote, as a delivered status tells it: what reconciliation and echo detection both learn. */
export interface DeliveredRecord {
  tenantId: string;
  connectionId: string;
  erpKind: string | null;
  entityType: string;
  /** The canonical entity delivered: with entityVersion, names the canonical body reconciliation compares. */
  entityId: string;
  recordType: string;
  externalId: string;
  erpRecordId: string | null;
  contentHash: string;
  entityVersion: number;
  eventId: string;
  deliveredAt: number;
}

/** The record a delivery status says Ferry wrote; undefined for any other status, or one missing what names it. */
export function deliveredRecordOf(status: SyncStatus): DeliveredRecord | undefined {
  const { connectionId, recordType, externalId, contentHash } = status;
  if (status.stage !== 'delivery' || status.status !== 'delivered' || !connectionId || !recordType || !externalId || !contentHash)
    return undefined;
  return {
    tenantId: status.tenantId,
    connectionId,
    erpKind: status.erpKind ?? null,
    entityType: status.entityType,
    entityId: status.entityId,
    recordType,
    externalId,
    erpRecordId: status.erpRecordId ?? null,
    contentHash,
    entityVersion: status.entityVersion,
    eventId: status.eventId,
    deliveredAt: status.recordedAt,
  };
}
