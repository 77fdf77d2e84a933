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

export const INGESTION = 'ingestion';

/** One token bucket: `ratePerSecond` tokens come back each second, up to `burst` held at once; a request takes one. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export interface IngestionConfig extends PlatformConfig {
  /** Most events one HTTP batch may carry. */
  maxBatchSize: number;
  /** How long the answer to an `Idempotency-Key` is kept and replayed, in hours. */
  idempotencyTtlHours: number;
  /**
   * Fleet defaults of the HTTP API's throttling: one bucket per tenant, one per tenant API key (apiKey undefined:
   * a key may use its tenant's whole budget); `cap` bounds what a tenant's policy.apiLimits may set.
   */
  rateLimits: { tenant: RateLimit; apiKey?: RateLimit; cap: RateLimit };
  /** The scheduled retention of the received-event ledger (RETENTION_*). */
  retention: RetentionConfig;
}

const rate = z.coerce.number().positive().max(100_000);
const burst = z.coerce.number().int().min(1).max(1_000_000);

const schema = platformEnvSchema(INGESTION, 3001).extend({
  INGESTION_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  INGESTION_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  INGESTION_RATE_PER_SECOND: rate.default(100),
  INGESTION_BURST: burst.default(200),
  // Unset: a key may use its tenant's whole budget; set lower to stop one key starving the tenant's others.
  INGESTION_KEY_RATE_PER_SECOND: rate.optional(),
  INGESTION_KEY_BURST: burst.optional(),
  // The most a tenant's own policy (apiLimits) may set: the tenant admin chooses within the fleet's means.
  INGESTION_MAX_RATE_PER_SECOND: rate.default(1000),
  INGESTION_MAX_BURST: burst.default(2000),
  ...retentionEnvShape,
});

export function loadIngestionConfig(env = process.env): IngestionConfig {
  const parsed = loadConfig(INGESTION, schema, env);
  const tenant = { ratePerSecond: parsed.INGESTION_RATE_PER_SECOND, burst: parsed.INGESTION_BURST };
  return {
    ...toPlatformConfig(INGESTION, parsed),
    maxBatchSize: parsed.INGESTION_MAX_BATCH_SIZE,
    idempotencyTtlHours: parsed.INGESTION_IDEMPOTENCY_TTL_HOURS,
    rateLimits: {
      tenant,
      ...(parsed.INGESTION_KEY_RATE_PER_SECOND !== undefined || parsed.INGESTION_KEY_BURST !== undefined
        ? {
            apiKey: {
              ratePerSecond: parsed.INGESTION_KEY_RATE_PER_SECOND ?? tenant.ratePerSecond,
              burst: parsed.INGESTION_KEY_BURST ?? tenant.burst,
            },
          }
        : {}),
      cap: { ratePerSecond: parsed.INGESTION_MAX_RATE_PER_SECOND, burst: parsed.INGESTION_MAX_BURST },
    },
    retention: toRetentionConfig(parsed),
  };
}
