import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { RateLimit } from '../ingestion.config';
import type { BucketTake } from './token-bucket';

/**
 * Queries only: the `rate_limit_bucket` table (CreateRateLimitBucket1795402200000). Each request takes its token
 * in one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING) on the bucket's row, timed by the database
 * clock: concurrent requests on any replica queue on the row lock, so replicas share one budget exactly.
 */
@Injectable()
export class RateLimitBucketRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * takeToken (token-bucket.ts) in SQL: refill since refilled_at, cap at burst, take one whole token if there. Every
   * SET expression reads the row as it was; refilled_at never goes back (a statement that started earlier but got
   * the row later must not let the same seconds be refilled twice).
   */
  async take(bucket: string, limit: RateLimit): Promise<BucketTake> {
    const available = `LEAST($3::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * $2::float8)`;
    const [row] = await queryRows<{ tokens: number; granted: boolean }>(
      this.dataSource,
      `INSERT INTO rate_limit_bucket AS b (bucket, tokens, refilled_at, granted)
       VALUES ($1, $3::float8 - 1, now(), true)
       ON CONFLICT (bucket) DO UPDATE SET
         tokens = ${available} - CASE WHEN ${available} >= 1 THEN 1 ELSE 0 END,
         granted = ${available} >= 1,
         refilled_at = GREATEST(b.refilled_at, now())
       RETURNING b.tokens, b.granted`,
      [bucket, limit.ratePerSecond, limit.burst],
    );
    return { granted: row!.granted, tokens: Number(row!.tokens) };
  }

  /** Deletes buckets untouched for `idleHours`: a bucket idle that long is full, the same as no row. */
  async pruneIdle(idleHours: number): Promise<number> {
    const rows = await queryRows<{ bucket: string }>(
      this.dataSource,
      `DELETE FROM rate_limit_bucket WHERE refilled_at < now() - $1 * interval '1 hour' RETURNING bucket`,
      [idleHours],
    );
    return rows.length;
  }
}
