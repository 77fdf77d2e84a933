import { lanePolicy, missingReferenceDelayMs, retryDelayMs } from './lane-policy';

const defaults = {
  maxAttempts: 5,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 300_000,
  missingReferenceWindowMs: 900_000,
  maxConcurrency: 4,
  breakerFailureThresholdPercent: 50,
  breakerVolumeThreshold: 10,
  breakerResetTimeoutMs: 30_000,
};

describe('lane policy', () => {
  it("takes the tenant's policies over the service defaults", () => {
    const policy = lanePolicy(
      {
        requestsPerSecond: 3,
        maxConcurrency: 2,
        retry: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1000 },
        circuitBreaker: { failureThresholdPercent: 25, volumeThreshold: 4, resetTimeoutMs: 2000 },
        exceptionRouting: null,
        systemOfRecord: {},
        batchWindowSeconds: null,
      },
      defaults,
    );
    expect(policy).toEqual({
      maxAttempts: 8,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      missingReferenceWindowMs: 900_000,
      requestsPerSecond: 3,
      maxConcurrency: 2,
      breaker: { failureThresholdPercent: 25, volumeThreshold: 4, resetTimeoutMs: 2000 },
    });
    expect(lanePolicy(null, defaults)).toMatchObject({ maxAttempts: 5, requestsPerSecond: null, maxConcurrency: 4 });
  });

  it('backs off exponentially with jitter between half and all of the step, capped, and never before Retry-After', () => {
    const policy = lanePolicy(null, { ...defaults, retryBaseDelayMs: 100, retryMaxDelayMs: 1000 });
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 10, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, 7000, () => 1)).toBe(7000);
  });

  it.each<[string, number, number]>([
    ['waits the base delay right after the first refusal', 0, 100],
    ['waits as long again as it has waited, so the waits double', 300, 300],
    ['waits no longer than the longest retry delay', 5000, 1000],
    ['makes the last try when the window closes', 9500, 500],
    ['waits no more once the window has closed', 12_000, 0],
  ])('waits for a missing reference: %s', (_case, waitedMs, delayMs) => {
    const policy = lanePolicy(null, { ...defaults, retryBaseDelayMs: 100, retryMaxDelayMs: 1000, missingReferenceWindowMs: 10_000 });
    expect(missingReferenceDelayMs(policy, waitedMs)).toBe(delayMs);
  });
});
