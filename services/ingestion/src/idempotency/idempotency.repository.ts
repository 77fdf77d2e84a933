import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { IdempotencyEntry } from './idempotency-decision';

interface EntryRow {
  request_hash: string;
  state: 'in-progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  claimed_at: Date;
  expires_at: Date;
  read_at: Date;
}

/**
 * Queries only: the `idempotency_entry` ledger (CreateIdempotencyEntry1795402100000). The database clock sets and
 * judges every time, so replicas with skewed clocks agree on what has expired.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(tenantId: string, key: string): Promise<IdempotencyEntry | undefined> {
    const [row] = await queryRows<EntryRow>(
      this.dataSource,
      `SELECT request_hash, state, response_status, response_body, claimed_at, expires_at, now() AS read_at
       FROM idempotency_entry WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenantId, key],
    );
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      state: row.state,
      ...(row.state === 'completed' ? { response: { status: Number(row.response_status), body: row.response_body } } : {}),
      claimedAt: row.claimed_at,
      expiresAt: row.expires_at,
      readAt: row.read_at,
    };
  }

  /**
   * Claims the key for a request in one statement: inserts the entry in progress, or takes over one that expired
   * or was abandoned in progress (claimed more than `inFlightLimitMs` ago). True when this request holds the key
   * now; of two concurrent claims exactly one wins (the other waits on the row and then finds it live).
   */
  async claim(tenantId: string, key: string, requestHash: string, ttlHours: number, inFlightLimitMs: number): Promise<boolean> {
    const rows = await queryRows<{ idempotency_key: string }>(
      this.dataSource,
      `INSERT INTO idempotency_entry (tenant_id, idempotency_key, request_hash, state, claimed_at, expires_at)
       VALUES ($1, $2, $3, 'in-progress', now(), now() + $4 * interval '1 hour')
       ON CONFLICT (tenant_id, idempotency_key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, state = 'in-progress', response_status = NULL, response_body = NULL,
         claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
       WHERE idempotency_entry.expires_at <= now()
          OR (idempotency_entry.state = 'in-progress' AND idempotency_entry.claimed_at <= now() - $5 * interval '1 millisecond')
       RETURNING idempotency_key`,
      [tenantId, key, requestHash, ttlHours, inFlightLimitMs],
    );
    return rows.length > 0;
  }

  /** Stores the answer of the request that holds the key, to be replayed to retries until the entry expires. */
  async complete(tenantId: string, key: string, requestHash: string, response: { status: number; body: unknown }): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_entry SET state = 'completed', response_status = $4, response_body = $5::jsonb
       WHERE tenant_id = $1 AND idempotency_key = $2 AND request_hash = $3 AND state = 'in-progress'`,
      [tenantId, key, requestHash, response.status, JSON.stringify(response.body)],
    );
  }

  /** Gives the key back after a request failed without an answer worth replaying, so a retry runs it again. */
  async release(tenantId: string, key: string, requestHash: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_entry WHERE tenant_id = $1 AND idempotency_key = $2 AND request_hash = $3 AND state = 'in-progress'`,
      [tenantId, key, requestHash],
    );
  }

  /** Deletes entries past their window, at most `limit` per call; the number deleted. */
  async pruneExpired(limit = 5_000): Promise<number> {
    const rows = await queryRows<{ idempotency_key: string }>(
      this.dataSource,
      `DELETE FROM idempotency_entry WHERE ctid IN (
         SELECT ctid FROM idempotency_entry WHERE expires_at <= now() LIMIT $1
       ) RETURNING idempotency_key`,
      [limit],
    );
    return rows.length;
  }
}
