import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FerryHeaders, type DeadLetterRecord } from '@ferry/contracts';
import { queryRows } from '@ferry/database';

export interface DeadLetterFilter {
  from?: Date;
  to?: Date;
  errorClass?: string;
  service?: string;
  eventId?: string;
  status?: 'open' | 'replayed' | 'resolved';
  ids?: string[];
  eventIds?: string[];
  limit: number;
}

export interface StoredDeadLetter {
  deadLetterId: string;
  tenantId: string | null;
  service: string;
  eventId: string | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  errorClass: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  firstFailedAt: string;
  deadLetteredAt: string;
  replayCount: number;
  status: 'open' | 'replayed' | 'resolved';
  replayedAt: string | null;
  replayedTo: string | null;
}

interface Row {
  dead_letter_id: string;
  tenant_id: string | null;
  service: string;
  event_id: string | null;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  message_key: Buffer | null;
  message_value: Buffer | null;
  headers: Record<string, string>;
  error_class: string;
  error_code: string;
  error_message: string;
  attempts: number;
  first_failed_at: Date;
  dead_lettered_at: Date;
  replay_count: number;
  status: 'open' | 'replayed' | 'resolved';
  replayed_at: Date | null;
  replayed_to: string | null;
}

function toStored(row: Row): StoredDeadLetter {
  return {
    deadLetterId: row.dead_letter_id,
    tenantId: row.tenant_id,
    service: row.service,
    eventId: row.event_id,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
    key: row.message_key,
    value: row.message_value,
    headers: row.headers,
    errorClass: row.error_class,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at.toISOString(),
    deadLetteredAt: row.dead_lettered_at.toISOString(),
    replayCount: row.replay_count,
    status: row.status,
    replayedAt: row.replayed_at ? row.replayed_at.toISOString() : null,
    replayedTo: row.replayed_to,
  };
}

/** The dead letters of every service, once each (by dead-letter id), with their replay state. */
@Injectable()
export class DeadLetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps a dead letter once; answers whether it was new. */
  async record(record: DeadLetterRecord): Promise<boolean> {
    const inserted = await queryRows(
      this.dataSource,
      `INSERT INTO dead_letter (dead_letter_id, tenant_id, service, event_id, source_topic, source_partition, source_offset,
         message_key, message_value, headers, error_class, error_code, error_message, attempts, first_failed_at, dead_lettered_at,
         replay_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, to_timestamp($15 / 1000.0), to_timestamp($16 / 1000.0), $17)
       ON CONFLICT (dead_letter_id) DO NOTHING RETURNING dead_letter_id`,
      [
        record.deadLetterId,
        record.tenantId ?? null,
        record.service,
        record.eventId ?? null,
        record.sourceTopic,
        record.sourcePartition,
        record.sourceOffset,
        record.key ?? null,
        record.value ?? null,
        JSON.stringify(record.headers ?? {}),
        record.errorClass,
        record.errorCode,
        record.errorMessage,
        record.attempts ?? 1,
        record.firstFailedAt,
        record.deadLetteredAt,
        Number(record.headers?.[FerryHeaders.replayCount] ?? 0) || 0,
      ],
    );
    return inserted.length > 0;
  }

  async list(tenantId: string, filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    const conditions = ['tenant_id = $1'];
    const parameters: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql.replace('?', `$${parameters.length}`));
    };
    if (filter.from) add('dead_lettered_at >= ?', filter.from);
    if (filter.to) add('dead_lettered_at < ?', filter.to);
    if (filter.errorClass) add('error_class = ?', filter.errorClass);
    if (filter.service) add('service = ?', filter.service);
    if (filter.eventId) add('event_id = ?', filter.eventId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.ids) add('dead_letter_id = ANY(?::text[])', filter.ids);
    if (filter.eventIds) add('event_id = ANY(?::text[])', filter.eventIds);
    parameters.push(filter.limit);
    const rows = await queryRows<Row>(
      this.dataSource,
      `SELECT * FROM dead_letter WHERE ${conditions.join(' AND ')} ORDER BY dead_lettered_at DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(toStored);
  }

  async get(tenantId: string, deadLetterId: string): Promise<StoredDeadLetter | undefined> {
    const [row] = await queryRows<Row>(this.dataSource, `SELECT * FROM dead_letter WHERE tenant_id = $1 AND dead_letter_id = $2`, [
      tenantId,
      deadLetterId,
    ]);
    return row ? toStored(row) : undefined;
  }

  /** Marks a dead letter replayed unless another replay got there first; answers whether this call did. */
  async markReplayed(deadLetterId: string, target: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE dead_letter SET status = 'replayed', replayed_at = now(), replayed_to = $2
       WHERE dead_letter_id = $1 AND status = 'open' RETURNING dead_letter_id`,
      [deadLetterId, target],
    );
    return rows.length > 0;
  }

  /** Undoes markReplayed when publishing the replay failed, so it can be tried again. */
  async reopen(deadLetterId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE dead_letter SET status = 'open', replayed_at = NULL, replayed_to = NULL WHERE dead_letter_id = $1`,
      [deadLetterId],
    );
  }
}
