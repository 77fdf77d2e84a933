import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';
import type { ChangeCursor } from './change-cursor';

/** Which ERP record of one tenant connection and record type the poller last read. */
export interface CursorKey {
  tenantId: string;
  connectionId: string;
  recordType: string;
}

/** Queries only: the inbound change cursor, one row per tenant, connection and record type. */
@Injectable()
export class InboundCursorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored cursor, or an empty one (read from the start) when the poller never advanced it. */
  async cursorOrStart(key: CursorKey): Promise<ChangeCursor> {
    const [row] = (await this.dataSource
      .query(`SELECT changed_since, seen_at_cursor FROM inbound_cursor WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3`, [
        key.tenantId,
        key.connectionId,
        key.recordType,
      ])
      .catch((error: unknown) => {
        throw infrastructure('DATABASE_UNAVAILABLE', `inbound cursor unavailable: ${(error as Error).message}`, error);
      })) as { changed_since: string; seen_at_cursor: string[] }[];
    return row ? { since: row.changed_since, seenAtCursor: row.seen_at_cursor } : { since: undefined, seenAtCursor: [] };
  }

  /**
   * Stores the cursor, replacing the previous one; a cursor that never moved (no `since`) is not stored. With
   * `readFrom` (the `since` the poll started from), only if the stored cursor is still there: a backfill that
   * moved it back meanwhile wins over the poll that read before it. Answers whether it was stored.
   */
  async save(key: CursorKey, cursor: ChangeCursor, readFrom?: string): Promise<boolean> {
    if (!cursor.since) return false;
    const rows = (await this.dataSource.query(
      `INSERT INTO inbound_cursor (tenant_id, connection_id, record_type, changed_since, seen_at_cursor) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, connection_id, record_type) DO UPDATE SET changed_since = EXCLUDED.changed_since, seen_at_cursor = EXCLUDED.seen_at_cursor, updated_at = now()
       WHERE $6::text IS NULL OR inbound_cursor.changed_since = $6::text
       RETURNING 1`,
      [key.tenantId, key.connectionId, key.recordType, cursor.since, cursor.seenAtCursor, readFrom ?? null],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Moves the cursor to `since` (a backfill: the next poll reads every change from then), creating it if need be. */
  async moveTo(key: CursorKey, since: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inbound_cursor (tenant_id, connection_id, record_type, changed_since, seen_at_cursor) VALUES ($1, $2, $3, $4, '{}')
       ON CONFLICT (tenant_id, connection_id, record_type) DO UPDATE SET changed_since = EXCLUDED.changed_since, seen_at_cursor = '{}', updated_at = now()`,
      [key.tenantId, key.connectionId, key.recordType, since],
    );
  }

  /** The cursors of one tenant connection whose record type starts with `prefix`, for progress reports. */
  async cursorsOf(
    tenantId: string,
    connectionId: string,
    prefix: string,
  ): Promise<{ recordType: string; since: string; updatedAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT record_type, changed_since, updated_at FROM inbound_cursor WHERE tenant_id = $1 AND connection_id = $2 AND starts_with(record_type, $3) ORDER BY record_type`,
      [tenantId, connectionId, prefix],
    )) as { record_type: string; changed_since: string; updated_at: Date }[];
    return rows.map((row) => ({ recordType: row.record_type, since: row.changed_since, updatedAt: row.updated_at }));
  }
}
