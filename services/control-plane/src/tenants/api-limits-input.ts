import { z } from 'zod';

const whole = (max: number, unit: string) =>
  z
    .number({ invalid_type_error: `must be a whole number of ${unit} or null (the fleet default)` })
    .int(`must be a whole number of ${unit}`)
    .min(1, `at least 1 ${unit}`)
    .max(max, `at most ${max} ${unit}`)
    .nullable()
    .default(null);

/**
 * `policies.apiLimits`: the tenant's throttling on the HTTP ingestion API (ApiLimitsPolicy.avsc). Null keeps the
 * fleet default. The bounds here only refuse nonsense: ingestion also caps every value at the fleet's maximum
 * (INGESTION_MAX_RATE_PER_SECOND, INGESTION_MAX_BURST), so a tenant admin cannot buy itself the fleet's capacity.
 */
export const apiLimitsInput = z
  .object({
    requestsPerSecond: whole(100_000, 'requests per second'),
    burst: whole(1_000_000, 'requests'),
    keyRequestsPerSecond: whole(100_000, 'requests per second'),
    keyBurst: whole(1_000_000, 'requests'),
  })
  .strict();

export type ApiLimitsInput = z.output<typeof apiLimitsInput>;
