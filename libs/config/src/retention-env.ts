import { z } from 'zod';

/** How many days each kind of tenant data is kept: the fleet defaults, or one tenant's after its policy. */
export interface RetentionDays {
  /** Observability: sync statuses (sync_status_record). */
  syncStatus: number;
  /** Observability: dead letters (dead_letter). */
  deadLetter: number;
  /** Ingestion: the received-event ledger (received_event), i.e. how long an event id counts as a duplicate. */
  receivedEvent: number;
  /** Reconciliation: findings and finished runs. */
  reconciliation: number;
  /** Delivery: finished, reported queue rows (delivery_queue). */
  delivery: number;
}

export type RetentionKind = keyof RetentionDays;

/** The scheduled retention job of a service: how often it runs, rows per DELETE, and the fleet defaults. */
export interface RetentionConfig {
  /** 0: the job never runs on this service. */
  intervalMs: number;
  batchSize: number;
  defaults: RetentionDays;
}

export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 3650;

const days = (fallback: number) =>
  z.coerce
    .number()
    .int('must be a whole number of days')
    .min(RETENTION_DAYS_MIN, `at least ${RETENTION_DAYS_MIN} day`)
    .max(RETENTION_DAYS_MAX, `at most ${RETENTION_DAYS_MAX} days`)
    .default(fallback);

/**
 * The retention variables every service with tenant data reads (docs/configuration.md); a service's schema
 * spreads them in (`.extend({ ...retentionEnvShape })`) and reads them back with toRetentionConfig.
 */
export const retentionEnvShape = {
  RETENTION_SYNC_STATUS_DAYS: days(90),
  RETENTION_DEAD_LETTER_DAYS: days(180),
  RETENTION_RECEIVED_EVENT_DAYS: days(90),
  RETENTION_RECONCILIATION_DAYS: days(180),
  RETENTION_DELIVERY_DAYS: days(7),
  RETENTION_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600, 'at most a week (604800)')
    .default(3600),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
};

type RetentionEnv = { [K in keyof typeof retentionEnvShape]: z.output<(typeof retentionEnvShape)[K]> };

export function toRetentionConfig(env: RetentionEnv): RetentionConfig {
  return {
    intervalMs: env.RETENTION_INTERVAL_SECONDS * 1000,
    batchSize: env.RETENTION_BATCH_SIZE,
    defaults: {
      syncStatus: env.RETENTION_SYNC_STATUS_DAYS,
      deadLetter: env.RETENTION_DEAD_LETTER_DAYS,
      receivedEvent: env.RETENTION_RECEIVED_EVENT_DAYS,
      reconciliation: env.RETENTION_RECONCILIATION_DAYS,
      delivery: env.RETENTION_DELIVERY_DAYS,
    },
  };
}
