import type { RetentionTableDeclaration } from '@ferry/tenant-config';

/**
 * What ingestion's retention job prunes (docs/governance.md#retention): the received-event ledger, by when the
 * event arrived. An event id is refused as a duplicate only while its row is kept, so the tenant's
 * receivedEventDays is also how long a re-sent event counts as a duplicate. Idempotency-Key entries are not
 * listed: each expires after INGESTION_IDEMPOTENCY_TTL_HOURS and IdempotencyService deletes it then.
 */
export const INGESTION_RETENTION_TABLES: RetentionTableDeclaration[] = [
  { kind: 'receivedEvent', table: 'received_event', time: 'received_at' },
];
