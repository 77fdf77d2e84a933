import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { DeliveryCommand } from '@ferry/contracts';
import type { QueuedCommand } from '../lanes/lane-selection';
import { laneId, type LaneKey } from './lane-key';
import { FINAL_STATES, UNFINISHED_STATES, sqlStates, transitionSql } from './queue-states';
import { STORED_COLUMNS, toStored, type StoredCommand, type StoredRow } from './stored-command';

export interface IncomingCommand {
  command: DeliveryCommand;
  sourceValue: Buffer | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  headers: Record<string, string>;
}

export interface DeliveryFailure {
  errorClass: string;
  errorCode: string;
  message: string;
}

interface QueueRow {
  id: string;
  command_id: string;
  event_id: string;
  entity_type: string;
  entity_version: string;
  record_type: string;
  external_id: string;
  state: 'pending' | 'in_flight';
  attempts: number;
  throttled: number;
  needs_lookup: boolean;
  next_attempt_at: Date;
  first_failed_at: Date | null;
  accepted_at: Date;
}

function toQueued(row: QueueRow): QueuedCommand {
  return {
    id: BigInt(row.id),
    commandId: row.command_id,
    eventId: row.event_id,
    entityType: row.entity_type,
    entityVersion: Number(row.entity_version),
    recordType: row.record_type,
    externalId: row.external_id,
    state: row.state,
    attempts: row.attempts,
    throttled: row.throttled,
    needsLookup: row.needs_lookup,
    nextAttemptAt: row.next_attempt_at.getTime(),
    firstFailedAt: row.first_failed_at ? row.first_failed_at.getTime() : null,
    acceptedAt: row.accepted_at.getTime(),
  };
}

const QUEUED_COLUMNS = `id, command_id, event_id, entity_type, entity_version, record_type, external_id, state, attempts, throttled,
  needs_lookup, next_attempt_at, first_failed_at, accepted_at`;
const UNFINISHED = sqlStates(UNFINISHED_STATES);
const FINAL = sqlStates(FINAL_STATES);

const START = transitionSql('start');
const RETRY_LATER = transitionSql('retryLater');
const SET_ASIDE = transitionSql('setAside');
const TAKE_OVER = transitionSql('takeOver');
const REPLAY = transitionSql('replay', 'delivery_queue.state');
const DELIVER = transitionSql('deliver');
const MARK_STALE = transitionSql('markStale');
const SUPERSEDE = transitionSql('supersede');
const DEAD_LETTER = transitionSql('deadLetter');

/**
 * SQL over delivery_queue: every accepted command until it is final. Each state change is one transition of
 * queue-states.ts and is guarded by the states that transition may start from, so a replica that lost its lease
 * can never overwrite what the new holder decided, and a final command never changes again (except a replay).
 * `executor` is the data source, or a transaction's entity manager when the change is part of a larger one.
 */
export class DeliveryQueueRepository {
  static readonly NOTIFY_CHANNEL = 'ferry_delivery_queue';

  constructor(private readonly executor: DataSource | EntityManager) {}

  /**
   * Accepts commands; a command already queued is left alone (a redelivered Kafka message), except a
   * dead-lettered one coming back with a higher replay count: an operator's replay starts it afresh, with a new
   * id, because ids are arrival order and lanes read what arrived after the newest id they hold.
   * Answers the lanes that received work, after notifying every replica listening.
   */
  async enqueue(incoming: IncomingCommand[]): Promise<LaneKey[]> {
    const lanes = new Map<string, LaneKey>();
    await this.executor.transaction(async (manager) => {
      for (const item of incoming) {
        const { command } = item;
        const { sourceEvent: _sourceEvent, ...stored } = command;
        const rows = await queryRows(
          manager,
          `INSERT INTO delivery_queue (tenant_id, connection_id, command_id, event_id, entity_type, entity_version, record_type,
             external_id, command, source_value, source_topic, source_partition, source_offset, headers, replay_count)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (tenant_id, command_id) DO UPDATE SET
             id = nextval(pg_get_serial_sequence('delivery_queue', 'id')), command = EXCLUDED.command, source_value = EXCLUDED.source_value, source_topic = EXCLUDED.source_topic,
             source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset, headers = EXCLUDED.headers,
             replay_count = EXCLUDED.replay_count, entity_version = EXCLUDED.entity_version, record_type = EXCLUDED.record_type,
             external_id = EXCLUDED.external_id, ${REPLAY.set}, attempts = 0, throttled = 0, needs_lookup = false,
             next_attempt_at = now(), first_failed_at = NULL, last_error_class = NULL, last_error_code = NULL,
             last_error_message = NULL, outcome_detail = NULL, erp_record_id = NULL, content_hash = NULL,
             accepted_at = now(), finished_at = NULL, reported = false
           WHERE ${REPLAY.guard} AND EXCLUDED.replay_count > delivery_queue.replay_count
           RETURNING id`,
          [
            command.tenantId,
            command.connectionId,
            command.commandId,
            command.eventId,
            command.entityType,
            command.entityVersion,
            command.recordType,
            command.externalId,
            JSON.stringify(stored),
            item.sourceValue,
            item.sourceTopic,
            item.sourcePartition,
            item.sourceOffset,
            JSON.stringify(item.headers),
            command.replayCount ?? 0,
          ],
        );
        if (rows.length > 0) lanes.set(laneId(command), { tenantId: command.tenantId, connectionId: command.connectionId });
      }
      for (const lane of lanes.values()) {
        await queryRows(manager, `SELECT pg_notify($1, $2)`, [DeliveryQueueRepository.NOTIFY_CHANNEL, laneId(lane)]);
      }
    });
    return [...lanes.values()];
  }

  /** The lane's pending and in-flight commands in arrival order, all of them or those after `afterId`. */
  async unfinishedInLane(lane: LaneKey, afterId?: bigint): Promise<QueuedCommand[]> {
    const rows = await queryRows<QueueRow>(
      this.executor,
      `SELECT ${QUEUED_COLUMNS} FROM delivery_queue
       WHERE tenant_id = $1 AND connection_id = $2 AND state IN ${UNFINISHED} AND id > $3 ORDER BY id`,
      [lane.tenantId, lane.connectionId, (afterId ?? 0n).toString()],
    );
    return rows.map(toQueued);
  }

  /** The command as received (payload, source bytes and headers), whatever its state. */
  async byId(id: bigint): Promise<StoredCommand | undefined> {
    const [row] = await queryRows<StoredRow>(this.executor, `SELECT ${STORED_COLUMNS} FROM delivery_queue WHERE id = $1`, [id.toString()]);
    return row ? toStored(row) : undefined;
  }

  /** Transition `start`. False: the command was finished elsewhere. */
  async markInFlight(id: bigint): Promise<boolean> {
    const rows = await queryRows(this.executor, `UPDATE delivery_queue SET ${START.set} WHERE id = $1 AND ${START.guard} RETURNING id`, [
      id.toString(),
    ]);
    return rows.length > 0;
  }

  /** Transition `deliver` (the ledger and the newest delivered version are written in the same transaction). */
  async markDelivered(
    id: bigint,
    outcome: { erpRecordId: string; contentHash: string; attempts: number; confirmedBy: 'write' | 'lookup' | 'ledger' },
  ): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_queue SET ${DELIVER.set}, erp_record_id = $2, content_hash = $3, attempts = $4, outcome_detail = $5,
         finished_at = now(), needs_lookup = false
       WHERE id = $1 AND ${DELIVER.guard}`,
      [id.toString(), outcome.erpRecordId, outcome.contentHash, outcome.attempts, outcome.confirmedBy],
    );
  }

  /** Transition `supersede`: older versions of the record still waiting after `command` was delivered. Answers their ids. */
  async supersedeOlder(command: DeliveryCommand): Promise<bigint[]> {
    const rows = await queryRows<{ id: string }>(
      this.executor,
      `UPDATE delivery_queue SET ${SUPERSEDE.set}, finished_at = now(),
         outcome_detail = 'version ' || entity_version || ' is older than version ' || $5::bigint || ' already delivered'
       WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND external_id = $4 AND ${SUPERSEDE.guard}
         AND entity_version < $5::bigint
       RETURNING id`,
      [command.tenantId, command.connectionId, command.recordType, command.externalId, command.entityVersion],
    );
    return rows.map((row) => BigInt(row.id));
  }

  /** Transition `markStale`. */
  async finishStale(id: bigint, detail: string): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_queue SET ${MARK_STALE.set}, outcome_detail = $2, finished_at = now() WHERE id = $1 AND ${MARK_STALE.guard}`,
      [id.toString(), detail],
    );
  }

  /** Transition `retryLater`, with the counters the lane kept and the failure that caused it. */
  async scheduleRetry(command: QueuedCommand, error: DeliveryFailure, delayMs: number): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_queue SET ${RETRY_LATER.set}, attempts = $2, throttled = $3, needs_lookup = $4,
         next_attempt_at = now() + $5::int * interval '1 millisecond', first_failed_at = COALESCE(first_failed_at, now()),
         last_error_class = $6, last_error_code = $7, last_error_message = $8
       WHERE id = $1 AND ${RETRY_LATER.guard}`,
      [
        command.id.toString(),
        command.attempts,
        command.throttled,
        command.needsLookup,
        Math.round(delayMs),
        error.errorClass,
        error.errorCode,
        error.message,
      ],
    );
  }

  /** Transition `setAside`: back to pending without a new try time; the lane is parked or its breaker opened. */
  async release(id: bigint, needsLookup: boolean): Promise<void> {
    await queryRows(this.executor, `UPDATE delivery_queue SET ${SET_ASIDE.set}, needs_lookup = $2 WHERE id = $1 AND ${SET_ASIDE.guard}`, [
      id.toString(),
      needsLookup,
    ]);
  }

  /** Transition `deadLetter`. */
  async finishDeadLettered(id: bigint, attempts: number, error: DeliveryFailure): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_queue SET ${DEAD_LETTER.set}, attempts = $2, last_error_class = $3, last_error_code = $4,
         last_error_message = $5, first_failed_at = COALESCE(first_failed_at, now()), finished_at = now()
       WHERE id = $1 AND ${DEAD_LETTER.guard}`,
      [id.toString(), attempts, error.errorClass, error.errorCode, error.message],
    );
  }

  /** Transition `takeOver`: whatever the lane's previous holder had in flight may or may not have reached the ERP. */
  async takeOverInFlight(lane: LaneKey): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_queue SET ${TAKE_OVER.set}, needs_lookup = true WHERE tenant_id = $1 AND connection_id = $2 AND ${TAKE_OVER.guard}`,
      [lane.tenantId, lane.connectionId],
    );
  }

  /** Whether the lane has unfinished commands or outcomes not yet published. */
  async laneHasWork(lane: LaneKey): Promise<boolean> {
    const rows = await queryRows(
      this.executor,
      `SELECT 1 FROM delivery_queue WHERE tenant_id = $1 AND connection_id = $2
         AND (state IN ${UNFINISHED} OR (NOT reported AND state IN ${FINAL})) LIMIT 1`,
      [lane.tenantId, lane.connectionId],
    );
    return rows.length > 0;
  }

  /**
   * Forgets at most `limit` of the tenant's finished, reported commands that finished before `before`, oldest
   * first (the ledger and entity versions stay); how many went. The retention job calls it (delivery-retention.ts).
   */
  async prune(tenantId: string, before: Date, limit = 5000): Promise<number> {
    const rows = await queryRows<{ deleted: number }>(
      this.executor,
      `WITH gone AS (
         DELETE FROM delivery_queue WHERE id = ANY(ARRAY(
           SELECT id FROM delivery_queue WHERE tenant_id = $1 AND reported AND state IN ${FINAL} AND finished_at < $2
           ORDER BY finished_at LIMIT $3))
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [tenantId, before, limit],
    );
    return rows[0]?.deleted ?? 0;
  }

  /** Every tenant with commands in the queue, by a loose index scan over (tenant_id, command_id). */
  async tenants(): Promise<string[]> {
    const rows = await queryRows<{ tenant_id: string }>(
      this.executor,
      `WITH RECURSIVE tenants AS (
         (SELECT tenant_id FROM delivery_queue ORDER BY tenant_id LIMIT 1)
         UNION ALL
         SELECT (SELECT q.tenant_id FROM delivery_queue q WHERE q.tenant_id > tenants.tenant_id ORDER BY q.tenant_id LIMIT 1)
         FROM tenants WHERE tenants.tenant_id IS NOT NULL
       )
       SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL`,
    );
    return rows.map((row) => row.tenant_id);
  }
}
