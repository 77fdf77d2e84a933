import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of a delivery service's database that holds a tenant's rows (offboarding exports and erases these;
 * scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated database). The queue's
 * source_value (the Avro bytes of the command) is left out of exports: its JSON form is in `command`.
 */
export const DELIVERY_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'delivery_queue', orderBy: ['id'], omit: ['source_value'] },
  { table: 'delivery_entity', orderBy: ['connection_id', 'record_type', 'external_id'] },
  { table: 'delivery_lane', orderBy: ['connection_id'] },
  { table: 'delivery_ledger', orderBy: ['command_id'] },
  { table: 'operator_audit', orderBy: ['id'] },
];
