import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { StoredStreamToken } from './live-stream';

/** Queries only: the console's stream tokens (by sha256; tenant NULL = fleet), issued for a minute. */
@Injectable()
export class StreamTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a token's hash; expired tokens are swept on the way, so the table stays as small as the last minute. */
  async issue(tokenHash: string, tenantId: string | null, actor: string, ttlMs: number): Promise<Date> {
    await this.dataSource.query(`DELETE FROM console_stream_token WHERE expires_at < now() - interval '1 hour'`);
    const [row] = await queryRows<{ expires_at: Date }>(
      this.dataSource,
      `INSERT INTO console_stream_token (token_hash, tenant_id, actor, expires_at)
       VALUES ($1, $2, $3, now() + ($4::int * interval '1 millisecond')) RETURNING expires_at`,
      [tokenHash, tenantId, actor, ttlMs],
    );
    return row!.expires_at;
  }

  /** The token (if any) and the database's clock, which decides expiry so replicas with skewed clocks agree. */
  async find(tokenHash: string): Promise<{ token: (StoredStreamToken & { actor: string }) | undefined; now: Date }> {
    const [row] = await queryRows<{ tenant_id: string | null; expires_at: Date | null; actor: string | null; now: Date }>(
      this.dataSource,
      `SELECT t.tenant_id, t.expires_at, t.actor, now() AS now
       FROM (SELECT 1) AS one LEFT JOIN console_stream_token t ON t.token_hash = $1`,
      [tokenHash],
    );
    return {
      token: row?.expires_at && row.actor ? { tenantId: row.tenant_id, expiresAt: row.expires_at, actor: row.actor } : undefined,
      now: row!.now,
    };
  }
}
