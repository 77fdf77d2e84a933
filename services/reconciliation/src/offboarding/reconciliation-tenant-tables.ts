import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of reconciliation's database that holds a tenant's rows (offboarding exports and erases these, in
 * this order: findings before the runs they belong to; scripts/src/offboarding/tenant-tables.int-spec.ts holds the
 * list to the migrated database).
 */
export const RECONCILIATION_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'reconciliation_finding', orderBy: ['finding_id'] },
  { table: 'reconciliation_run', orderBy: ['run_id'] },
  { table: 'delivered_record', orderBy: ['connection_id', 'record_type', 'external_id'] },
  { table: 'canonical_version', orderBy: ['entity_type', 'entity_id', 'entity_version'] },
  { table: 'reconciliation_watermark', orderBy: ['connection_id', 'record_type'] },
  { table: 'operator_audit', orderBy: ['id'] },
];
