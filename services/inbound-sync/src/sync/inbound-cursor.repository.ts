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

  /** Stores the cursor, replacing the previous one; a cursor that never moved (no `since`) is not stored. */
  async save(key: CursorKey, cursor: ChangeCursor): Promise<void> {
    if (!cursor.since) return;
    await this.dataSource.query(
      `INSERT INTO inbound_cursor (tenant_id, connection_id, record_type, changed_since, seen_at_cursor) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, connection_id, record_type) DO UPDATE SET changed_since = EXCLUDED.changed_since, seen_at_cursor = EXCLUDED.seen_at_cursor, updated_at = now()`,
      [key.tenantId, key.connectionId, key.recordType, cursor.since, cursor.seenAtCursor],
    );
  }
}
