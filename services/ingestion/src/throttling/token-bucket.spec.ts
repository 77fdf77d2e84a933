import {
  combinedReport,
  rateLimitHeaders,
  reportOf,
  takeToken,
  type BucketState,
  type BucketTake,
  type RateLimitReport,
} from './token-bucket';

const limit = { ratePerSecond: 2, burst: 10 };
const bucket = (tokens: number, refilledAtMs = 0): BucketState => ({ tokens, refilledAtMs });

describe('the token bucket', () => {
  it.each<[string, BucketState | undefined, number, BucketTake]>([
    ['a bucket seen first is full: granted, burst - 1 left', undefined, 0, { granted: true, tokens: 9 }],
    ['one whole token: granted, none left', bucket(1), 0, { granted: true, tokens: 0 }],
    ['less than a token: refused, nothing taken', bucket(0.5), 0, { granted: false, tokens: 0.5 }],
    ['empty, refilled for 0.25 s at 2/s: refused', bucket(0), 250, { granted: false, tokens: 0.5 }],
    ['empty, refilled for 0.5 s at 2/s: granted', bucket(0), 500, { granted: true, tokens: 0 }],
    ['refill never goes past burst', bucket(5), 60_000, { granted: true, tokens: 9 }],
    ['a clock seen going back refills nothing', bucket(0.5, 1_000), 0, { granted: false, tokens: 0.5 }],
    ['a bucket above a lowered burst is capped', bucket(50), 0, { granted: true, tokens: 9 }],
  ])('%s', (_case, state, nowMs, take) => {
    expect(takeToken(state, nowMs, limit)).toEqual(take);
  });

  it.each<[string, BucketTake, RateLimitReport]>([
    [
      'granted from a full bucket',
      { granted: true, tokens: 9 },
      { granted: true, limit: 10, remaining: 9, resetSeconds: 1, retryAfterSeconds: 0 },
    ],
    [
      'granted, fractional tokens left',
      { granted: true, tokens: 2.5 },
      { granted: true, limit: 10, remaining: 2, resetSeconds: 4, retryAfterSeconds: 0 },
    ],
    [
      'refused while empty: one token in 0.5 s, said as 1 s',
      { granted: false, tokens: 0 },
      { granted: false, limit: 10, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1 },
    ],
  ])('reports %s', (_case, take, report) => {
    expect(reportOf(take, limit)).toEqual(report);
  });

  it('says Retry-After at least 1 s, rounded up, at a slow rate', () => {
    expect(reportOf({ granted: false, tokens: 0.1 }, { ratePerSecond: 0.1, burst: 1 }).retryAfterSeconds).toBe(9);
  });

  const granted = (remaining: number): RateLimitReport => ({ granted: true, limit: 10, remaining, resetSeconds: 1, retryAfterSeconds: 0 });
  const refused = (retryAfterSeconds: number): RateLimitReport => ({
    granted: false,
    limit: 10,
    remaining: 0,
    resetSeconds: 5,
    retryAfterSeconds,
  });

  it.each<[string, RateLimitReport[], RateLimitReport]>([
    ['one bucket speaks for itself', [granted(3)], granted(3)],
    ['both granted: the one with fewer tokens left', [granted(7), granted(2)], granted(2)],
    ['one refused: refused', [granted(7), refused(2)], refused(2)],
    ['both refused: wait for the slower', [refused(2), refused(5)], refused(5)],
  ])('combines buckets: %s', (_case, reports, combined) => {
    expect(combinedReport(reports)).toEqual(combined);
  });

  it('answers with the RateLimit headers, and Retry-After only when refused', () => {
    expect(rateLimitHeaders(granted(3))).toEqual({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '3', 'RateLimit-Reset': '1' });
    expect(rateLimitHeaders(refused(2))).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '5',
      'Retry-After': '2',
    });
  });
});
