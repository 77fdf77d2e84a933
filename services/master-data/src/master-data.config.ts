import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';

export const MASTER_DATA = 'master-data';

export interface MasterDataConfig extends PlatformConfig {
  /**
   * The matching profile every tenant's customers are matched with (MASTER_DATA_MATCH_PROFILE): `organisation` for
   * B2B customer accounts, `person` for consumers. Per-tenant settings are not declared in the control plane yet.
   */
  matchProfile: 'organisation' | 'person';
  /**
   * Where a new deployment's consumer starts on the canonical-events topic (MASTER_DATA_CANONICAL_EVENTS_FROM):
   * `earliest` matches every customer still retained; `latest` only customers published from then on.
   */
  canonicalEventsFrom: 'earliest' | 'latest';
}

export function loadMasterDataConfig(env = process.env): MasterDataConfig {
  const schema = platformEnvSchema(MASTER_DATA, 3014).extend({
    MASTER_DATA_MATCH_PROFILE: z.enum(['organisation', 'person']).default('organisation'),
    MASTER_DATA_CANONICAL_EVENTS_FROM: z.enum(['earliest', 'latest']).default('earliest'),
  });
  const parsed = loadConfig(MASTER_DATA, schema, env);
  return {
    ...toPlatformConfig(MASTER_DATA, parsed),
    matchProfile: parsed.MASTER_DATA_MATCH_PROFILE,
    canonicalEventsFrom: parsed.MASTER_DATA_CANONICAL_EVENTS_FROM,
  };
}
