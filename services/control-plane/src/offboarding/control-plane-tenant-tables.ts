import type { TenantTable } from '@ferry/tenant-data';

/**
 * Every table of the control plane's database that holds a tenant's rows, in erasure order (rows referencing
 * `tenant` first, `tenant` last; scripts/src/offboarding/tenant-tables.int-spec.ts holds the list to the migrated
 * database). API keys are exported without their secret hash; sealed credentials in specs and configurations are
 * redacted on export.
 */
export const CONTROL_PLANE_TENANT_TABLES: readonly TenantTable[] = [
  { table: 'tenant_configuration_version', orderBy: ['version'] },
  { table: 'api_key', orderBy: ['key_id'], omit: ['secret_hash'] },
  { table: 'mapping_incident', orderBy: ['path', 'config_version'] },
  { table: 'audit_record', orderBy: ['audit_id'] },
  { table: 'tenant', orderBy: ['tenant_id'] },
];
