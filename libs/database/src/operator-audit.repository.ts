import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

/** One audited action: who (an actor as actorOf names it), what, on which tenant and subject, before and after, why. */
export interface OperatorAuditEntry {
  tenantId: string;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface StoredOperatorAuditEntry extends OperatorAuditEntry {
  id: string;
  at: string;
}

interface AuditRow {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  at: Date;
}

/** Queries only: the service's `operator_audit` table (CreateOperatorAudit1795402300000). */
export class OperatorAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an action; pass the transaction's manager to commit it with the change it describes. */
  async record(entry: OperatorAuditEntry, executor: DataSource | EntityManager = this.dataSource): Promise<void> {
    await queryRows(
      executor,
      `INSERT INTO operator_audit (tenant_id, actor, action, subject, before, after, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.tenantId,
        entry.actor,
        entry.action,
        entry.subject,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.reason,
      ],
    );
  }

  /** The tenant's audited actions, newest first. */
  async listForTenant(tenantId: string, limit: number): Promise<StoredOperatorAuditEntry[]> {
    const rows = await queryRows<AuditRow>(
      this.dataSource,
      `SELECT id, tenant_id, actor, action, subject, before, after, reason, at FROM operator_audit
        WHERE tenant_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      tenantId: row.tenant_id,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      before: row.before,
      after: row.after,
      reason: row.reason,
      at: row.at.toISOString(),
    }));
  }
}
