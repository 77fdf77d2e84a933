import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryCommand } from '@ferry/contracts';
import { queryRows } from '@ferry/database';
import type { LaneKey } from '../queue/lane-key';

export type DeliveryConfirmation = 'write' | 'lookup' | 'ledger';

/**
 * SQL over what reached the ERP: delivery_ledger (one row per command delivered, the idempotency ledger) and
 * delivery_entity (the newest version delivered per ERP record, for stale detection). Rows are only added or
 * moved forward, never taken back.
 */
export class DeliveryLedgerRepository {
  constructor(private readonly executor: DataSource | EntityManager) {}

  /** The command's ledger entry: it already reached the ERP as this record with this content. */
  async entry(tenantId: string, commandId: string): Promise<{ erpRecordId: string; contentHash: string } | undefined> {
    const [row] = await queryRows<{ erp_record_id: string; content_hash: string }>(
      this.executor,
      `SELECT erp_record_id, content_hash FROM delivery_ledger WHERE tenant_id = $1 AND command_id = $2`,
      [tenantId, commandId],
    );
    return row ? { erpRecordId: row.erp_record_id, contentHash: row.content_hash } : undefined;
  }

  /** The newest version of the record already in the ERP through this connection, if any. */
  async deliveredVersion(
    lane: LaneKey,
    recordType: string,
    externalId: string,
  ): Promise<{ version: number; erpRecordId: string } | undefined> {
    const [row] = await queryRows<{ delivered_version: string; erp_record_id: string }>(
      this.executor,
      `SELECT delivered_version, erp_record_id FROM delivery_entity
       WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND external_id = $4`,
      [lane.tenantId, lane.connectionId, recordType, externalId],
    );
    return row ? { version: Number(row.delivered_version), erpRecordId: row.erp_record_id } : undefined;
  }

  /**
   * The command reached the ERP: a ledger entry (the first one stays) and the record's newest delivered version,
   * which only moves forward. Both or neither (a savepoint when the caller's transaction is already open).
   */
  async recordDelivery(
    command: DeliveryCommand,
    outcome: { erpRecordId: string; contentHash: string; attempts: number; confirmedBy: DeliveryConfirmation },
  ): Promise<void> {
    await this.executor.transaction(async (manager) => {
      await queryRows(
        manager,
        `INSERT INTO delivery_ledger (tenant_id, command_id, event_id, connection_id, record_type, external_id, erp_record_id,
         entity_version, content_hash, config_version, attempts, delivered_at, confirmed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12) ON CONFLICT DO NOTHING`,
        [
          command.tenantId,
          command.commandId,
          command.eventId,
          command.connectionId,
          command.recordType,
          command.externalId,
          outcome.erpRecordId,
          command.entityVersion,
          outcome.contentHash,
          command.configVersion,
          outcome.attempts,
          outcome.confirmedBy,
        ],
      );
      await queryRows(
        manager,
        `INSERT INTO delivery_entity (tenant_id, connection_id, record_type, external_id, delivered_version, delivered_command_id,
         erp_record_id, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (tenant_id, connection_id, record_type, external_id) DO UPDATE SET
         delivered_version = EXCLUDED.delivered_version, delivered_command_id = EXCLUDED.delivered_command_id,
         erp_record_id = EXCLUDED.erp_record_id, delivered_at = EXCLUDED.delivered_at
       WHERE EXCLUDED.delivered_version >= delivery_entity.delivered_version`,
        [
          command.tenantId,
          command.connectionId,
          command.recordType,
          command.externalId,
          command.entityVersion,
          command.commandId,
          outcome.erpRecordId,
        ],
      );
    });
  }
}
