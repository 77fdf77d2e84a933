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
import { deliveryServiceName } from '@ferry/contracts';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

/** Lane policy values used where a tenant's configuration sets none (see delivery-policy.ts). */
export interface DeliveryDefaults {
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** How long a command waits for a record its payload refers to (missing_reference) before it is dead-lettered. */
  missingReferenceWindowMs: number;
  maxConcurrency: number;
  breakerFailureThresholdPercent: number;
  breakerVolumeThreshold: number;
  breakerResetTimeoutMs: number;
}

export interface DeliveryConfig extends PlatformConfig {
  erpKind: string;
  keyRing: KeyRing;
  defaults: DeliveryDefaults;
  /** ERP calls this replica makes at once across all its lanes, shared fairly between tenants. */
  maxInFlight: number;
  /** How long a replica holds a lane without renewing before another replica may take it over. */
  laneLeaseMs: number;
  /** How often lanes, leases and unpublished outcomes are swept (new commands are noticed at once). */
  sweepIntervalMs: number;
  /** The scheduled retention of finished, reported queue rows (RETENTION_*). */
  retention: RetentionConfig;
}

/** Every per-ERP delivery service reads the same variables; only its name, port and ERP differ. */
export function loadDeliveryConfig(
  erpKind: string,
  defaultPort: number,
  /** Batch transports gather many records into one exchange, so their lanes default to many calls at once. */
  serviceDefaults: { maxConcurrency?: number } = {},
  env = process.env,
): DeliveryConfig {
  const service = deliveryServiceName(erpKind);
  const schema = platformEnvSchema(service, defaultPort)
    .extend({
      ...keyRingEnvShape,
      DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
      DELIVERY_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(500),
      DELIVERY_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(3_600_000).default(300_000),
      DELIVERY_MISSING_REFERENCE_WINDOW_MS: z.coerce.number().int().min(0).max(86_400_000).default(900_000),
      DELIVERY_MAX_CONCURRENCY: z.coerce
        .number()
        .int()
        .min(1)
        .max(5000)
        .default(serviceDefaults.maxConcurrency ?? 4),
      DELIVERY_BREAKER_FAILURE_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
      DELIVERY_BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(10),
      DELIVERY_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
      DELIVERY_MAX_IN_FLIGHT: z.coerce
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(Math.max(64, serviceDefaults.maxConcurrency ?? 0)),
      DELIVERY_LANE_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
      DELIVERY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
      ...retentionEnvShape,
    })
    .refine((values) => values.DELIVERY_RETRY_BASE_DELAY_MS <= values.DELIVERY_RETRY_MAX_DELAY_MS, {
      message: 'must not exceed DELIVERY_RETRY_MAX_DELAY_MS',
      path: ['DELIVERY_RETRY_BASE_DELAY_MS'],
    })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const { keyRing, ...parsed } = loadConfig(service, schema, env);
  return {
    ...toPlatformConfig(service, parsed),
    erpKind,
    keyRing,
    defaults: {
      maxAttempts: parsed.DELIVERY_MAX_ATTEMPTS,
      retryBaseDelayMs: parsed.DELIVERY_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: parsed.DELIVERY_RETRY_MAX_DELAY_MS,
      missingReferenceWindowMs: parsed.DELIVERY_MISSING_REFERENCE_WINDOW_MS,
      maxConcurrency: parsed.DELIVERY_MAX_CONCURRENCY,
      breakerFailureThresholdPercent: parsed.DELIVERY_BREAKER_FAILURE_PERCENT,
      breakerVolumeThreshold: parsed.DELIVERY_BREAKER_VOLUME_THRESHOLD,
      breakerResetTimeoutMs: parsed.DELIVERY_BREAKER_RESET_MS,
    },
    maxInFlight: parsed.DELIVERY_MAX_IN_FLIGHT,
    laneLeaseMs: parsed.DELIVERY_LANE_LEASE_MS,
    sweepIntervalMs: parsed.DELIVERY_SWEEP_INTERVAL_MS,
    retention: toRetentionConfig(parsed),
  };
}
