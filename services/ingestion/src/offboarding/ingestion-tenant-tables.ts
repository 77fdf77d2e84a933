import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of ingestion's database that holds a tenant's rows (offboarding exports and erases these;
 * scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated database). rate_limit_bucket
 * has no tenant column: the tenant's own bucket is `tenant:<id>`; its API keys' buckets (`key:<key id>`) hold no
 * tenant id and are pruned after a day idle, as every bucket is.
 */
export const INGESTION_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'received_event', orderBy: ['event_id'] },
  { table: 'idempotency_entry', orderBy: ['idempotency_key'] },
  { table: 'rate_limit_bucket', orderBy: ['bucket'], tenantKey: { column: 'bucket', prefix: 'tenant:' } },
];
