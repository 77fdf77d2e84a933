import type { RateLimit } from '../ingestion.config';

/** A bucket as stored: tokens held (fractional) when last refilled. */
export interface BucketState {
  tokens: number;
  refilledAtMs: number;
}

/** The bucket after one request asked for a token. */
export interface BucketTake {
  granted: boolean;
  /** Tokens left after the request (fractional; below 1 means the next request would be refused now). */
  tokens: number;
}

/**
 * The token bucket rule, once: refill at `ratePerSecond` since the last refill, never above `burst`, then take one
 * token if a whole one is there. A bucket seen for the first time is full. IngestionRateBucketRepository.take runs
 * this same rule in one SQL statement (so replicas share the bucket); its int-spec checks both agree.
 */
export function takeToken(state: BucketState | undefined, nowMs: number, limit: RateLimit): BucketTake {
  const available = refilled(state, nowMs, limit);
  return available >= 1 ? { granted: true, tokens: available - 1 } : { granted: false, tokens: available };
}

export function refilled(state: BucketState | undefined, nowMs: number, limit: RateLimit): number {
  if (!state) return limit.burst;
  const elapsedSeconds = Math.max(0, nowMs - state.refilledAtMs) / 1000;
  return Math.min(limit.burst, state.tokens + elapsedSeconds * limit.ratePerSecond);
}

/** What a client is told about one bucket, in the IETF draft's RateLimit header terms (whole seconds, rounded up). */
export interface RateLimitReport {
  granted: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until a refused request may succeed; 0 when granted. */
  retryAfterSeconds: number;
}

export function reportOf(take: BucketTake, limit: RateLimit): RateLimitReport {
  return {
    granted: take.granted,
    limit: limit.burst,
    remaining: Math.max(0, Math.floor(take.tokens)),
    resetSeconds: Math.max(0, Math.ceil((limit.burst - take.tokens) / limit.ratePerSecond)),
    retryAfterSeconds: take.granted ? 0 : Math.max(1, Math.ceil((1 - take.tokens) / limit.ratePerSecond)),
  };
}

/**
 * One answer from several buckets (the tenant's and the API key's): refused if any refused, waiting for the
 * slowest of those; otherwise the bucket with the fewest tokens left speaks for the request.
 */
export function combinedReport(reports: RateLimitReport[]): RateLimitReport {
  const refused = reports.filter((r) => !r.granted);
  if (refused.length > 0) return refused.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
  return reports.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}

/** The response headers for a report: `RateLimit-*` (IETF draft names) always, `Retry-After` when refused. */
export function rateLimitHeaders(report: RateLimitReport): Record<string, string> {
  return {
    'RateLimit-Limit': String(report.limit),
    'RateLimit-Remaining': String(report.remaining),
    'RateLimit-Reset': String(report.resetSeconds),
    ...(report.granted ? {} : { 'Retry-After': String(report.retryAfterSeconds) }),
  };
}
