import { createHash } from 'node:crypto';
import type { SyncStatus } from './generated/contracts.generated';
import { entityKey } from './canonical-events';
import { Topics } from './topics';

export type SyncStage = 'transformation' | 'delivery';
/**
 * Final: delivered, skipped, dead_lettered. On the way: routed (transformation handed the event to one ERP
 * connection), retrying (a try failed, another is scheduled), parked (waits for an operator).
 */
export type SyncOutcome = 'delivered' | 'failed' | 'skipped' | 'dead_lettered' | 'routed' | 'retrying' | 'parked';
export const FINAL_SYNC_OUTCOMES: readonly SyncOutcome[] = ['delivered', 'skipped', 'dead_lettered'];

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
