import { z } from 'zod';
import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN } from '@ferry/config';

const days = z
  .number({ invalid_type_error: 'must be a whole number of days or null (the fleet default)' })
  .int('must be a whole number of days')
  .min(RETENTION_DAYS_MIN, `at least ${RETENTION_DAYS_MIN} day`)
  .max(RETENTION_DAYS_MAX, `at most ${RETENTION_DAYS_MAX} days`)
  .nullable()
  .default(null);

/**
 * `policies.retention`: how many days each service keeps the tenant's rows (RetentionPolicy.avsc). A field left
 * out or null keeps the fleet default (RETENTION_*_DAYS, docs/configuration.md); unknown fields are refused, so a
 * misspelt one is not silently ignored.
 */
export const retentionInput = z
  .object({
    syncStatusDays: days,
    deadLetterDays: days,
    receivedEventDays: days,
    reconciliationDays: days,
    deliveryDays: days,
  })
  .strict();

export type RetentionInput = z.output<typeof retentionInput>;
