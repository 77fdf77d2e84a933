import type { TenantPolicies } from '@ferry/contracts';
import type { DeliveryDefaults } from '../delivery.config';

/** How one tenant's ERP connection is driven: the tenant's policies, else the service's defaults. */
export interface LanePolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long a command whose payload refers to a record the ERP does not hold yet is tried again (the referenced
   * record may still be on its way) before it is dead-lettered; these tries do not use up maxAttempts.
   */
  missingReferenceWindowMs: number;
  /** ERP requests per second for the connection; null = no rate limit (the ERP's own throttling still applies). */
  requestsPerSecond: number | null;
  maxConcurrency: number;
  breaker: { failureThresholdPercent: number; volumeThreshold: number; resetTimeoutMs: number };
}

export function lanePolicy(policies: TenantPolicies | null | undefined, defaults: DeliveryDefaults): LanePolicy {
  return {
    maxAttempts: policies?.retry.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: policies?.retry.baseDelayMs ?? defaults.retryBaseDelayMs,
    maxDelayMs: policies?.retry.maxDelayMs ?? defaults.retryMaxDelayMs,
    missingReferenceWindowMs: defaults.missingReferenceWindowMs,
    requestsPerSecond: policies?.requestsPerSecond ?? null,
    maxConcurrency: policies?.maxConcurrency ?? defaults.maxConcurrency,
    breaker: {
      failureThresholdPercent: policies?.circuitBreaker.failureThresholdPercent ?? defaults.breakerFailureThresholdPercent,
      volumeThreshold: policies?.circuitBreaker.volumeThreshold ?? defaults.breakerVolumeThreshold,
      resetTimeoutMs: policies?.circuitBreaker.resetTimeoutMs ?? defaults.breakerResetTimeoutMs,
    },
  };
}

/**
 * Delay before the next try after `failures` failed tries: exponential from baseDelayMs, capped at
 * maxDelayMs, with "equal jitter" (half fixed, half random) so a tenant's retries after an outage spread out
 * instead of arriving together; never sooner than the ERP's Retry-After.
 */
export function retryDelayMs(policy: LanePolicy, failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Delay before the next try of a command waiting for a referenced record it has awaited `waitedMs` so far: as
 * long again as it has waited (so the waits double), at least baseDelayMs, at most maxDelayMs, and never past
 * the end of the window, so the last try is made when the window closes.
 */
export function missingReferenceDelayMs(policy: LanePolicy, waitedMs: number): number {
  const doubling = Math.min(policy.maxDelayMs, Math.max(policy.baseDelayMs, waitedMs));
  return Math.max(0, Math.min(doubling, policy.missingReferenceWindowMs - waitedMs));
}
