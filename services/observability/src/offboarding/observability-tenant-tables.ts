import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of observability's database that holds a tenant's rows (offboarding exports and erases these;
 * scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated database).
 */
export const OBSERVABILITY_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'sync_status_record', orderBy: ['status_id'] },
  { table: 'tenant_sync_aggregate', orderBy: ['entity_type', 'stage', 'status'] },
  { table: 'tenant_sync_hourly', orderBy: ['hour', 'entity_type', 'stage', 'status'] },
  { table: 'open_delivery', orderBy: ['event_id', 'connection_id'] },
  { table: 'dead_letter', orderBy: ['dead_letter_id'] },
  { table: 'system_of_record_conflict', orderBy: ['finding_id'] },
  { table: 'operator_audit', orderBy: ['id'] },
];
