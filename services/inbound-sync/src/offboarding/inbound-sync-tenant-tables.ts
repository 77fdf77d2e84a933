import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of inbound-sync's database that holds a tenant's rows (offboarding exports and erases these;
 * scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated database).
 */
export const INBOUND_SYNC_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'inbound_cursor', orderBy: ['connection_id', 'record_type'] },
  { table: 'delivered_content', orderBy: ['connection_id', 'record_type', 'external_id'] },
  { table: 'inbound_baseline', orderBy: ['connection_id', 'record_type', 'erp_record_id'] },
  { table: 'erp_record_link', orderBy: ['connection_id', 'record_type', 'erp_record_id'] },
];
