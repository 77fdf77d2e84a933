import type { ApiLimitsPolicy } from '@ferry/contracts';
import { tenantRateLimits, type TenantRateLimits } from './tenant-rate-limits';

const fleet = { tenant: { ratePerSecond: 100, burst: 200 }, cap: { ratePerSecond: 1000, burst: 2000 } };
const keyed = { ...fleet, apiKey: { ratePerSecond: 10, burst: 20 } };
const policy = (limits: Partial<ApiLimitsPolicy>): ApiLimitsPolicy => ({
  requestsPerSecond: null,
  burst: null,
  keyRequestsPerSecond: null,
  keyBurst: null,
  ...limits,
});
const limits = (tenant: [number, number], apiKey: [number, number]): TenantRateLimits => ({
  tenant: { ratePerSecond: tenant[0], burst: tenant[1] },
  apiKey: { ratePerSecond: apiKey[0], burst: apiKey[1] },
});

describe('tenantRateLimits', () => {
  it.each<[string, Parameters<typeof tenantRateLimits>[0], ApiLimitsPolicy | null, TenantRateLimits]>([
    ['no policy: the fleet defaults, a key sharing its tenant budget', fleet, null, limits([100, 200], [100, 200])],
    ['no policy, keys limited fleet-wide', keyed, null, limits([100, 200], [10, 20])],
    ['a tenant that lowers its limits: its keys follow', fleet, policy({ requestsPerSecond: 5, burst: 10 }), limits([5, 10], [5, 10])],
    [
      'a tenant that raises its limits within the cap',
      fleet,
      policy({ requestsPerSecond: 500, burst: 800 }),
      limits([500, 800], [500, 800]),
    ],
    [
      'a tenant asking beyond the fleet cap gets the cap',
      fleet,
      policy({ requestsPerSecond: 50_000, burst: 1_000_000 }),
      limits([1000, 2000], [1000, 2000]),
    ],
    [
      'keys limited fleet-wide keep their limit when the tenant raises its own',
      keyed,
      policy({ requestsPerSecond: 500 }),
      limits([500, 200], [10, 20]),
    ],
    ['a key limit of the tenant’s own', keyed, policy({ keyRequestsPerSecond: 2, keyBurst: 3 }), limits([100, 200], [2, 3])],
    ['a key limit beyond the cap gets the cap', fleet, policy({ keyRequestsPerSecond: 5000 }), limits([100, 200], [1000, 200])],
  ])('%s', (_case, fleetLimits, apiLimits, expected) => {
    expect(tenantRateLimits(fleetLimits, apiLimits)).toEqual(expected);
  });
});
