import CircuitBreaker from 'opossum';
import { ErpError } from '@ferry/erp-core';
import type { LanePolicy } from './lane-policy';

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * One circuit breaker per tenant × ERP connection (opossum). Only failures that say the ERP itself is unwell
 * count (5xx, timeouts, resets); throttling, validation and credential errors are answers from a working ERP.
 * While open the lane sends nothing; after resetTimeoutMs one probe goes through (half-open) and its outcome
 * closes or re-opens the circuit (what the lane may send in each state is decided in lane-step.ts).
 */
export class LaneBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    readonly policy: LanePolicy['breaker'],
    onStateChange: (state: BreakerState) => void,
  ) {
    this.breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      timeout: false,
      errorThresholdPercentage: policy.failureThresholdPercent,
      volumeThreshold: policy.volumeThreshold,
      resetTimeout: policy.resetTimeoutMs,
      rollingCountTimeout: 30_000,
      rollingCountBuckets: 10,
      errorFilter: (error: unknown) => !LaneBreaker.isErpUnwell(error),
    });
    this.breaker.on('open', () => onStateChange('open'));
    this.breaker.on('halfOpen', () => onStateChange('half_open'));
    this.breaker.on('close', () => onStateChange('closed'));
  }

  static isErpUnwell(error: unknown): boolean {
    return error instanceof ErpError && error.errorClass === 'retryable';
  }

  get state(): BreakerState {
    if (this.breaker.halfOpen) return 'half_open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  fire<T>(work: () => Promise<T>): Promise<T> {
    return this.breaker.fire(work) as Promise<T>;
  }

  /** Stops the reset timer, so a dropped lane leaves nothing running. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
