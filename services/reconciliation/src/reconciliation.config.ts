import { z } from 'zod';
import {
  loadConfig,
  platformEnvSchema,
  retentionEnvShape,
  toPlatformConfig,
  toRetentionConfig,
  type PlatformConfig,
  type RetentionConfig,
} from '@ferry/config';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

export const RECONCILIATION = 'reconciliation';

export interface ReconciliationConfig extends PlatformConfig {
  /** Reading an ERP needs the connection's credentials, so this service holds the key ring too. */
  keyRing: KeyRing;
  /** Seconds between scheduled runs over every tenant; 0 turns the schedule off. */
  intervalSeconds: number;
  /**
   * Where a new deployment's canonical-bodies consumer starts (RECONCILIATION_CANONICAL_EVENTS_FROM): `earliest`
   * fills the books with every body still retained; `latest` only with bodies published from then on (records
   * delivered before count as not comparable until their next version).
   */
  canonicalEventsFrom: 'earliest' | 'latest';
  runs: {
    /** How often an idle runner looks for a queued run (RECONCILIATION_POLL_SECONDS). */
    pollMs: number;
    /** A run's lease; a runner that has not saved a page for this long is taken over (RECONCILIATION_RUN_LEASE_SECONDS). */
    leaseMs: number;
    /** Records per page on each side, per batch of findings and per checkpoint (RECONCILIATION_PAGE_SIZE). */
    pageSize: number;
    /** ERP changes this close after Ferry's delivery count as the delivery itself (RECONCILIATION_CLOCK_SKEW_SECONDS). */
    clockSkewMs: number;
  };
  /** The scheduled retention of findings and finished runs (RETENTION_*). */
  retention: RetentionConfig;
}

export function loadReconciliationConfig(env = process.env): ReconciliationConfig {
  const schema = platformEnvSchema(RECONCILIATION, 3004)
    .extend({
      ...keyRingEnvShape,
      RECONCILIATION_INTERVAL_SECONDS: z.coerce
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 3600)
        .default(900),
      RECONCILIATION_CANONICAL_EVENTS_FROM: z.enum(['earliest', 'latest']).default('earliest'),
      RECONCILIATION_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
      RECONCILIATION_RUN_LEASE_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
      RECONCILIATION_PAGE_SIZE: z.coerce.number().int().min(10).max(10_000).default(2000),
      RECONCILIATION_CLOCK_SKEW_SECONDS: z.coerce.number().min(0).max(3600).default(5),
      ...retentionEnvShape,
    })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const parsed = loadConfig(RECONCILIATION, schema, env);
  return {
    ...toPlatformConfig(RECONCILIATION, parsed),
    keyRing: parsed.keyRing,
    intervalSeconds: parsed.RECONCILIATION_INTERVAL_SECONDS,
    canonicalEventsFrom: parsed.RECONCILIATION_CANONICAL_EVENTS_FROM,
    runs: {
      pollMs: parsed.RECONCILIATION_POLL_SECONDS * 1000,
      leaseMs: parsed.RECONCILIATION_RUN_LEASE_SECONDS * 1000,
      pageSize: parsed.RECONCILIATION_PAGE_SIZE,
      clockSkewMs: parsed.RECONCILIATION_CLOCK_SKEW_SECONDS * 1000,
    },
    retention: toRetentionConfig(parsed),
  };
}
