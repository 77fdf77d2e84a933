/**
 * A request budget: `ratePerSecond` tokens a second, up to `burst` saved up. take() spends one token and
 * answers 0, or spends nothing and answers how many milliseconds until one is there.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, ratePerSecond),
    now: number = Date.now(),
  ) {
    this.tokens = burst;
    this.refilledAt = now;
  }

  take(now: number = Date.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}
