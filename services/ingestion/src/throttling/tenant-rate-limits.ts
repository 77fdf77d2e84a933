import type { ApiLimitsPolicy } from '@ferry/contracts';
import type { RateLimit } from '../ingestion.config';

/** The two buckets a tenant's request is checked against. */
export interface TenantRateLimits {
  tenant: RateLimit;
  apiKey: RateLimit;
}

/**
 * A tenant's throttling: its policy's apiLimits where set, each capped at the fleet's maximum (a tenant admin
 * chooses within the fleet's means, never beyond), else the fleet defaults. A key without a limit of its own (in
 * the policy or the fleet's INGESTION_KEY_*) may use its tenant's whole budget.
 */
export function tenantRateLimits(
  fleet: { tenant: RateLimit; apiKey?: RateLimit; cap: RateLimit },
  policy: ApiLimitsPolicy | null | undefined,
): TenantRateLimits {
  const capped = (value: number | null | undefined, cap: number, fallback: number) => (value == null ? fallback : Math.min(value, cap));
  const tenant = {
    ratePerSecond: capped(policy?.requestsPerSecond, fleet.cap.ratePerSecond, fleet.tenant.ratePerSecond),
    burst: capped(policy?.burst, fleet.cap.burst, fleet.tenant.burst),
  };
  const keyDefault = fleet.apiKey ?? tenant;
  return {
    tenant,
    apiKey: {
      ratePerSecond: capped(policy?.keyRequestsPerSecond, fleet.cap.ratePerSecond, keyDefault.ratePerSecond),
      burst: capped(policy?.keyBurst, fleet.cap.burst, keyDefault.burst),
    },
  };
}
