import type { ErpChange } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import type { ChangeCursor } from '../sync/change-cursor';
import type { CursorKey } from '../sync/inbound-cursor.repository';
import { inboundEventId, type InboundSource } from '../sync/inbound-change-mapper';
import { DYNAMICS365_ERP_EVENT_FEEDS } from './dynamics365-erp-events';
import { NETSUITE_ERP_EVENT_FEEDS, type ErpEventFeed } from './netsuite-erp-events';
import { ORACLE_FUSION_ERP_EVENT_FEEDS } from './oracle-fusion-erp-events';
import { SAP_S4_ERP_EVENT_FEEDS } from './sap-s4-erp-events';

/** The record types each ERP kind is polled for on behalf of the product. */
export const ERP_EVENT_FEEDS: Readonly<Record<string, readonly ErpEventFeed[]>> = {
  netsuite: NETSUITE_ERP_EVENT_FEEDS,
  dynamics365: DYNAMICS365_ERP_EVENT_FEEDS,
  sap_s4: SAP_S4_ERP_EVENT_FEEDS,
  oracle_fusion: ORACLE_FUSION_ERP_EVENT_FEEDS,
};

export const ERP_EVENT_ERP_KINDS: readonly string[] = Object.keys(ERP_EVENT_FEEDS);

/**
 * Where a feed's poll starts. A feed never polled starts at the time of its first poll: a tenant connecting
 * an ERP with years of invoices does not send them all to the product (a backfill moves the cursor back on
 * purpose). Undefined: poll from the stored cursor.
 */
export function firstRunCursor(stored: ChangeCursor, now: number): ChangeCursor | undefined {
  return stored.since === undefined ? { since: new Date(now).toISOString(), seenAtCursor: [] } : undefined;
}

/** The header of every ERP → product event: which record changed, when, and which product entity it is. */
export function erpChangeOf(source: InboundSource, record: ErpRecord, productEntityId: string | undefined, readAt: number): ErpChange {
  return {
    eventId: inboundEventId(source, record),
    tenantId: source.tenantId,
    connectionId: source.connectionId,
    erpKind: source.erpKind,
    erpRecordType: source.recordType,
    erpRecordId: record.erpRecordId,
    externalId: record.externalId,
    productEntityId: productEntityId ?? null,
    changedAt: Date.parse(record.lastModified ?? '') || readAt,
    readAt,
  };
}

/**
 * Kafka key of an ERP → product event: tenant first (the tenant partitioner keeps a tenant in one partition),
 * then the entity type and the ERP record (connection and id), so one record's changes stay in order.
 */
export function erpEventKey(source: InboundSource, entityType: string, erpRecordId: string): string {
  return `${source.tenantId}:${entityType}:${source.connectionId}/${erpRecordId}`;
}
/** The cursor of one feed: apart from the customer poll's, so each record type moves on its own. */
export function erpEventCursorKey(source: InboundSource): CursorKey {
  return { tenantId: source.tenantId, connectionId: source.connectionId, recordType: `erp-events/${source.recordType}` };
}
