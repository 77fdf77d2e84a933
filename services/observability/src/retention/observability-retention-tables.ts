import type { RetentionTableDeclaration } from '@ferry/tenant-config';

/**
 * What observability's retention job prunes (docs/governance.md#retention): sync statuses by when they were
 * recorded; dead letters (open or replayed) by when they were dead-lettered, and the system-of-record conflicts
 * kept beside them for support by when they were detected, both per the tenant's deadLetterDays. Each table has a
 * (tenant_id, <time> DESC) index, which the tenant list and each batch scan. The aggregates
 * (tenant_sync_aggregate, tenant_sync_hourly) are counts, not records, and are not touched.
 */
export const OBSERVABILITY_RETENTION_TABLES: RetentionTableDeclaration[] = [
  { kind: 'syncStatus', table: 'sync_status_record', time: 'recorded_at' },
  { kind: 'deadLetter', table: 'dead_letter', time: 'dead_lettered_at' },
  { kind: 'deadLetter', table: 'system_of_record_conflict', time: 'detected_at' },
];
