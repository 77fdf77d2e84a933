import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of master-data's database that holds a tenant's rows (offboarding exports and erases these;
 * scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated database). The golden records
 * and their source records are the tenant's customers as Ferry matched them.
 */
export const MASTER_DATA_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'golden_record', orderBy: ['golden_id'] },
  { table: 'source_record', orderBy: ['record_key'] },
  { table: 'record_link', orderBy: ['kind', 'left_key', 'right_key'] },
  { table: 'match_review', orderBy: ['review_id'] },
  { table: 'operator_audit', orderBy: ['id'] },
];
