import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryCommand } from '@ferry/contracts';
import { queryRows } from '@ferry/database';
import type { LaneKey } from './lane-key';
import { FINAL_STATES, sqlStates, type FinalState } from './queue-states';
import { STORED_COLUMNS, toStored, type StoredCommand, type StoredRow } from './stored-command';

export interface FinishedCommand {
  id: bigint;
  state: FinalState;
  command: DeliveryCommand;
  stored: StoredCommand;
  attempts: number;
  erpRecordId: string | null;
  contentHash: string | null;
  outcomeDetail: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  firstFailedAt: number | null;
}

type FinishedRow = StoredRow & {
  id: string;
  state: FinalState;
  attempts: number;
  erp_record_id: string | null;
  content_hash: string | null;
  outcome_detail: string | null;
  last_error_class: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  first_failed_at: Date | null;
};

const FINAL = sqlStates(FINAL_STATES);

/**
 * The outbox of the sync-status and dead-letter topics, kept in delivery_queue itself: a command in a final state
 * is published after it was written, then marked reported. No state changes here, only the reported flag.
 */
export class DeliveryOutboxRepository {
  constructor(private readonly executor: DataSource | EntityManager) {}

  /** Commands in a final state whose outcome has not been published yet, oldest first. */
  async unreported(lane: LaneKey, limit = 200): Promise<FinishedCommand[]> {
    const rows = await queryRows<FinishedRow>(
      this.executor,
      `SELECT id, state, ${STORED_COLUMNS}, attempts, erp_record_id, content_hash, outcome_detail, last_error_class, last_error_code, last_error_message, first_failed_at
       FROM delivery_queue WHERE tenant_id = $1 AND connection_id = $2 AND NOT reported AND state IN ${FINAL} ORDER BY id LIMIT $3`,
      [lane.tenantId, lane.connectionId, limit],
    );
    return rows.map((row) => {
      const stored = toStored(row);
      return {
        id: BigInt(row.id),
        state: row.state,
        command: stored.command,
        stored,
        attempts: row.attempts,
        erpRecordId: row.erp_record_id,
        contentHash: row.content_hash,
        outcomeDetail: row.outcome_detail,
        errorClass: row.last_error_class,
        errorCode: row.last_error_code,
        errorMessage: row.last_error_message,
        firstFailedAt: row.first_failed_at ? row.first_failed_at.getTime() : null,
      };
    });
  }

  /** Published: the outcomes leave the outbox (only final ones can; the rest are left as they are). */
  async markReported(ids: bigint[]): Promise<void> {
    if (ids.length === 0) return;
    await queryRows(this.executor, `UPDATE delivery_queue SET reported = true WHERE id = ANY($1::bigint[]) AND state IN ${FINAL}`, [
      ids.map(String),
    ]);
  }
}
