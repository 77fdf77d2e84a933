import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from '../database/transaction-runner';

/** An audit record to store; `before` and `after` must already be redacted. */
export interface NewAuditRecord {
  tenantId: string;
  actor: string;
  action: string;
  version: number | null;
  before: unknown;
  after: unknown;
}

export interface StoredAuditRecord {
  at: string;
  actor: string;
  action: string;
  version: number | null;
  before: unknown;
  after: unknown;
}

/** Queries only: the append-only audit trail of every tenant change. */
@Injectable()
export class AuditRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends a record inside the transaction that made the change, so the change and its record commit together. */
  async insert(transaction: Transaction, record: NewAuditRecord): Promise<void> {
    await transaction.query(`INSERT INTO audit_record (tenant_id, actor, action, version, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
      record.tenantId,
      record.actor,
      record.action,
      record.version,
      record.before === null ? null : JSON.stringify(record.before),
      record.after === null ? null : JSON.stringify(record.after),
    ]);
  }

  /** A tenant's newest records first. */
  async newestForTenant(tenantId: string, limit: number): Promise<StoredAuditRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT at, actor, action, version, before, after FROM audit_record WHERE tenant_id = $1 ORDER BY audit_id DESC LIMIT $2`,
      [tenantId, limit],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      at: (row['at'] as Date).toISOString(),
      actor: row['actor'] as string,
      action: row['action'] as string,
      version: row['version'] as number | null,
      before: row['before'],
      after: row['after'],
    }));
  }
}
