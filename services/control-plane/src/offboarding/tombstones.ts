import { Topics } from '@ferry/contracts';

/** One key erased from a compacted topic by a tombstone. */
export interface Tombstone {
  topic: string;
  key: string;
}

/**
 * The tombstones that erase a tenant from the compacted topics: its configuration (key: the tenant id) and every
 * API key it had (key: the key id). Compacted topics keyed otherwise hold no tenant data.
 */
export function tenantTombstones(tenantId: string, apiKeyIds: readonly string[]): Tombstone[] {
  return [{ topic: Topics.tenantConfiguration, key: tenantId }, ...apiKeyIds.map((keyId) => ({ topic: Topics.apiKeys, key: keyId }))];
}
