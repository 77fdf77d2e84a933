import type { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { DeliveryCommand } from '@ferry/contracts';
import type { QueuedCommand } from '../lanes/lane-selection';

export interface LaneKey {
  tenantId: string;
  connectionId: string;
}

/** Tenant and connection ids are lower-case letters, digits and "-" (control plane), so "/" cannot be part of either. */
export function laneId(lane: LaneKey): string {
  return `${lane.tenantId}/${lane.connectionId}`;
}

export interface IncomingCommand {
  command: DeliveryCommand;
  sourceValue: Buffer | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  headers: Record<string, string>;
}

export interface StoredCommand {
  command: DeliveryCommand;
  sourceValue: Buffer | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  headers: Record<string, string>;
  replayCount: number;
}

export interface FinishedCommand {
  id: bigint;
  state: 'delivered' | 'stale' | 'dead_lettered';
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

export interface LaneLease {
  epoch: string;
  parkedReason: string | null;
  parkedConfigVersion: number | null;
}

export interface LaneOverview {
  tenantId: string;
  connectionId: string;
  owner: string | null;
  leaseUntil: string;
  parkedReason: string | null;
  parkedAt: string | null;
  pending: number;
  inFlight: number;
  oldestPendingAt: string | null;
}

const FINAL = `('delivered', 'stale', 'dead_lettered')`;

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

const STORED_COLUMNS = 'command, source_value, source_topic, source_partition, source_offset, headers, replay_count';

interface StoredRow {
  command: DeliveryCommand;
  source_value: Buffer | null;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  headers: Record<string, string>;
  replay_count: number;
}

/** A queued command as it was received, with what replay needs (the source event itself is kept only as bytes). */
function toStored(row: StoredRow): StoredCommand {
  return {
    command: { ...row.command, sourceEvent: null },
    sourceValue: row.source_value,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
    headers: row.headers,
    replayCount: row.replay_count,
  };
}

const QUEUED_COLUMNS = `id, command_id, event_id, entity_type, entity_version, record_type, external_id, state, attempts, throttled,
  needs_lookup, next_attempt_at, first_failed_at, accepted_at`;

/**
 * SQL over a delivery service's own database: the queue of accepted commands, the newest version delivered
 * per ERP record, the idempotency ledger and the lane leases. Every state change is guarded by the state it
 * expects, so a replica that lost its lease can never overwrite what the new holder decided.
 */
export class DeliveryQueueRepository {
  static readonly NOTIFY_CHANNEL = 'ferry_delivery_queue';

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Accepts commands; a command already queued is left alone (a redelivered Kafka message), except a
   * dead-lettered one coming back with a higher replay count: an operator's replay starts it afresh, with a new
   * id, because ids are arrival order and lanes read what arrived after the newest id they hold.
   * Answers the lanes that received work, after notifying every replica listening.
   */
  async enqueue(incoming: IncomingCommand[]): Promise<LaneKey[]> {
    const lanes = new Map<string, LaneKey>();
    await this.dataSource.transaction(async (manager) => {
      for (const item of incoming) {
        const { command } = item;
        const { sourceEvent: _sourceEvent, ...stored } = command;
        const rows = (await queryRows(
          manager,
          `INSERT INTO delivery_queue (tenant_id, connection_id, command_id, event_id, entity_type, entity_version, record_type,
             external_id, command, source_value, source_topic, source_partition, source_offset, headers, replay_count)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (tenant_id, command_id) DO UPDATE SET
             id = nextval(pg_get_serial_sequence('delivery_queue', 'id')), command = EXCLUDED.command, source_value = EXCLUDED.source_value, source_topic = EXCLUDED.source_topic,
             source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset, headers = EXCLUDED.headers,
             replay_count = EXCLUDED.replay_count, entity_version = EXCLUDED.entity_version, record_type = EXCLUDED.record_type,
             external_id = EXCLUDED.external_id, state = 'pending', attempts = 0, throttled = 0, needs_lookup = false,
             next_attempt_at = now(), first_failed_at = NULL, last_error_class = NULL, last_error_code = NULL,
             last_error_message = NULL, outcome_detail = NULL, erp_record_id = NULL, content_hash = NULL,
             accepted_at = now(), finished_at = NULL, reported = false
           WHERE delivery_queue.state = 'dead_lettered' AND EXCLUDED.replay_count > delivery_queue.replay_count
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
        )) as unknown[];
        if (rows.length > 0) lanes.set(laneId(command), { tenantId: command.tenantId, connectionId: command.connectionId });
      }
      for (const lane of lanes.values()) {
        await queryRows(manager, `SELECT pg_notify($1, $2)`, [DeliveryQueueRepository.NOTIFY_CHANNEL, laneId(lane)]);
      }
    });
    return [...lanes.values()];
  }

  async unfinished(lane: LaneKey, afterId?: bigint): Promise<QueuedCommand[]> {
    const rows = (await queryRows(
      this.dataSource,
      `SELECT ${QUEUED_COLUMNS} FROM delivery_queue
       WHERE tenant_id = $1 AND connection_id = $2 AND state IN ('pending', 'in_flight') AND id > $3 ORDER BY id`,
      [lane.tenantId, lane.connectionId, (afterId ?? 0n).toString()],
    )) as QueueRow[];
    return rows.map(toQueued);
  }

  async stored(id: bigint): Promise<StoredCommand | undefined> {
    const [row] = (await queryRows(this.dataSource, `SELECT ${STORED_COLUMNS} FROM delivery_queue WHERE id = $1`, [
      id.toString(),
    ])) as StoredRow[];
    return row ? toStored(row) : undefined;
  }

  /**
   * → in_flight before the ERP call, so a replica that takes the lane over knows the outcome is unknown. An
   * in_flight row is this lane holder's own (earlier holders' were reset when the lease was taken), e.g. one
   * whose try was interrupted by a database outage. False: the command was finished elsewhere.
   */
  async markInFlight(id: bigint): Promise<boolean> {
    const rows = (await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'in_flight' WHERE id = $1 AND state IN ('pending', 'in_flight') RETURNING id`,
      [id.toString()],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The newest version of the record already in the ERP through this connection, if any. */
  async deliveredVersion(
    lane: LaneKey,
    recordType: string,
    externalId: string,
  ): Promise<{ version: number; erpRecordId: string } | undefined> {
    const [row] = (await queryRows(
      this.dataSource,
      `SELECT delivered_version, erp_record_id FROM delivery_entity
       WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND external_id = $4`,
      [lane.tenantId, lane.connectionId, recordType, externalId],
    )) as { delivered_version: string; erp_record_id: string }[];
    return row ? { version: Number(row.delivered_version), erpRecordId: row.erp_record_id } : undefined;
  }

  async ledgerEntry(tenantId: string, commandId: string): Promise<{ erpRecordId: string; contentHash: string } | undefined> {
    const [row] = (await queryRows(
      this.dataSource,
      `SELECT erp_record_id, content_hash FROM delivery_ledger WHERE tenant_id = $1 AND command_id = $2`,
      [tenantId, commandId],
    )) as { erp_record_id: string; content_hash: string }[];
    return row ? { erpRecordId: row.erp_record_id, contentHash: row.content_hash } : undefined;
  }

  /**
   * Records a delivery in one transaction: the command is delivered, the ledger has it, the entity's newest
   * delivered version moves forward, and older versions still waiting become stale (never applied after a
   * newer one). Answers the ids made stale.
   */
  async finishDelivered(
    id: bigint,
    command: DeliveryCommand,
    outcome: { erpRecordId: string; contentHash: string; attempts: number; confirmedBy: 'write' | 'lookup' | 'ledger' },
  ): Promise<bigint[]> {
    return this.dataSource.transaction(async (manager) => {
      await queryRows(
        manager,
        `UPDATE delivery_queue SET state = 'delivered', erp_record_id = $2, content_hash = $3, attempts = $4, outcome_detail = $5,
           finished_at = now(), needs_lookup = false
         WHERE id = $1 AND state IN ('in_flight', 'pending')`,
        [id.toString(), outcome.erpRecordId, outcome.contentHash, outcome.attempts, outcome.confirmedBy],
      );
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
      const stale = (await queryRows(
        manager,
        `UPDATE delivery_queue SET state = 'stale', finished_at = now(),
           outcome_detail = 'version ' || entity_version || ' is older than version ' || $5::bigint || ' already delivered'
         WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND external_id = $4 AND state = 'pending'
           AND entity_version < $5::bigint
         RETURNING id`,
        [command.tenantId, command.connectionId, command.recordType, command.externalId, command.entityVersion],
      )) as { id: string }[];
      return stale.map((row) => BigInt(row.id));
    });
  }

  async finishStale(id: bigint, detail: string): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'stale', outcome_detail = $2, finished_at = now() WHERE id = $1 AND state IN ('in_flight', 'pending')`,
      [id.toString(), detail],
    );
  }

  async scheduleRetry(
    command: QueuedCommand,
    error: { errorClass: string; errorCode: string; message: string },
    delayMs: number,
  ): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'pending', attempts = $2, throttled = $3, needs_lookup = $4,
         next_attempt_at = now() + $5::int * interval '1 millisecond', first_failed_at = COALESCE(first_failed_at, now()),
         last_error_class = $6, last_error_code = $7, last_error_message = $8
       WHERE id = $1 AND state = 'in_flight'`,
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

  /** Back to pending without a new try time: the lane is parked or its breaker opened; nothing was counted. */
  async release(id: bigint, needsLookup: boolean): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'pending', needs_lookup = $2 WHERE id = $1 AND state = 'in_flight'`,
      [id.toString(), needsLookup],
    );
  }

  async finishDeadLettered(id: bigint, attempts: number, error: { errorClass: string; errorCode: string; message: string }): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'dead_lettered', attempts = $2, last_error_class = $3, last_error_code = $4,
         last_error_message = $5, first_failed_at = COALESCE(first_failed_at, now()), finished_at = now()
       WHERE id = $1 AND state IN ('in_flight', 'pending')`,
      [id.toString(), attempts, error.errorClass, error.errorCode, error.message],
    );
  }

  /** Commands in a final state whose outcome has not been published yet (the outbox of the sync-status topic). */
  async unreported(lane: LaneKey, limit = 200): Promise<FinishedCommand[]> {
    const rows = (await queryRows(
      this.dataSource,
      `SELECT id, state, ${STORED_COLUMNS}, attempts, erp_record_id, content_hash, outcome_detail, last_error_class, last_error_code, last_error_message, first_failed_at
       FROM delivery_queue WHERE tenant_id = $1 AND connection_id = $2 AND NOT reported AND state IN ${FINAL} ORDER BY id LIMIT $3`,
      [lane.tenantId, lane.connectionId, limit],
    )) as (StoredRow & {
      id: string;
      state: FinishedCommand['state'];
      attempts: number;
      erp_record_id: string | null;
      content_hash: string | null;
      outcome_detail: string | null;
      last_error_class: string | null;
      last_error_code: string | null;
      last_error_message: string | null;
      first_failed_at: Date | null;
    })[];
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

  async markReported(ids: bigint[]): Promise<void> {
    if (ids.length === 0) return;
    await queryRows(this.dataSource, `UPDATE delivery_queue SET reported = true WHERE id = ANY($1::bigint[])`, [ids.map(String)]);
  }

  /** Takes the lane if nobody holds it (or its holder let the lease lapse, or it is ours from an earlier life). */
  async acquireLane(lane: LaneKey, owner: string, leaseMs: number): Promise<LaneLease | undefined> {
    const [row] = (await queryRows(
      this.dataSource,
      `INSERT INTO delivery_lane (tenant_id, connection_id, owner, lease_until, epoch)
       VALUES ($1, $2, $3, now() + $4::int * interval '1 millisecond', 1)
       ON CONFLICT (tenant_id, connection_id) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
         epoch = delivery_lane.epoch + 1, updated_at = now()
       WHERE delivery_lane.owner IS NULL OR delivery_lane.owner = EXCLUDED.owner OR delivery_lane.lease_until < now()
       RETURNING epoch, parked_reason, parked_config_version`,
      [lane.tenantId, lane.connectionId, owner, leaseMs],
    )) as { epoch: string; parked_reason: string | null; parked_config_version: number | null }[];
    if (!row) return undefined;
    // Whatever the previous holder had in flight may or may not have reached the ERP.
    await queryRows(
      this.dataSource,
      `UPDATE delivery_queue SET state = 'pending', needs_lookup = true WHERE tenant_id = $1 AND connection_id = $2 AND state = 'in_flight'`,
      [lane.tenantId, lane.connectionId],
    );
    return { epoch: row.epoch, parkedReason: row.parked_reason, parkedConfigVersion: row.parked_config_version };
  }

  /** Renews every lease this replica holds; answers the ones it still holds, with their park state. */
  async renewLanes(owner: string, held: { lane: LaneKey; epoch: string }[], leaseMs: number): Promise<Map<string, LaneLease>> {
    if (held.length === 0) return new Map();
    const rows = (await queryRows(
      this.dataSource,
      `UPDATE delivery_lane l SET lease_until = now() + $5::int * interval '1 millisecond', updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS h(tenant_id, connection_id, epoch)
       WHERE l.tenant_id = h.tenant_id AND l.connection_id = h.connection_id AND l.epoch = h.epoch AND l.owner = $4
       RETURNING l.tenant_id, l.connection_id, l.epoch, l.parked_reason, l.parked_config_version`,
      [held.map((h) => h.lane.tenantId), held.map((h) => h.lane.connectionId), held.map((h) => h.epoch), owner, leaseMs],
    )) as { tenant_id: string; connection_id: string; epoch: string; parked_reason: string | null; parked_config_version: number | null }[];
    return new Map(
      rows.map((row) => [
        laneId({ tenantId: row.tenant_id, connectionId: row.connection_id }),
        { epoch: row.epoch, parkedReason: row.parked_reason, parkedConfigVersion: row.parked_config_version },
      ]),
    );
  }

  async releaseLane(lane: LaneKey, owner: string, epoch: string): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_lane SET owner = NULL, lease_until = 'epoch', updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2 AND owner = $3 AND epoch = $4`,
      [lane.tenantId, lane.connectionId, owner, epoch],
    );
  }

  async park(lane: LaneKey, reason: string, configVersion: number | null): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE delivery_lane SET parked_reason = $3, parked_at = now(), parked_config_version = $4, updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2`,
      [lane.tenantId, lane.connectionId, reason, configVersion],
    );
  }

  /** Lifts a park; answers whether the lane was parked. */
  async unpark(lane: LaneKey): Promise<boolean> {
    const rows = (await queryRows(
      this.dataSource,
      `UPDATE delivery_lane SET parked_reason = NULL, parked_at = NULL, parked_config_version = NULL, updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2 AND parked_reason IS NOT NULL RETURNING tenant_id`,
      [lane.tenantId, lane.connectionId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Lanes with work (or unpublished outcomes) that no live replica holds: after a crash, a scale-down, or at start. */
  async orphanedLanes(limit = 100): Promise<LaneKey[]> {
    const rows = (await queryRows(
      this.dataSource,
      `SELECT DISTINCT q.tenant_id, q.connection_id FROM delivery_queue q
       LEFT JOIN delivery_lane l ON l.tenant_id = q.tenant_id AND l.connection_id = q.connection_id
       WHERE (q.state IN ('pending', 'in_flight') OR (NOT q.reported AND q.state IN ${FINAL}))
         AND (l.tenant_id IS NULL OR l.owner IS NULL OR l.lease_until < now())
       LIMIT $1`,
      [limit],
    )) as { tenant_id: string; connection_id: string }[];
    return rows.map((row) => ({ tenantId: row.tenant_id, connectionId: row.connection_id }));
  }

  async laneHasWork(lane: LaneKey): Promise<boolean> {
    const rows = (await queryRows(
      this.dataSource,
      `SELECT 1 FROM delivery_queue WHERE tenant_id = $1 AND connection_id = $2
         AND (state IN ('pending', 'in_flight') OR (NOT reported AND state IN ${FINAL})) LIMIT 1`,
      [lane.tenantId, lane.connectionId],
    )) as unknown[];
    return rows.length > 0;
  }

  async overview(tenantId: string): Promise<LaneOverview[]> {
    const rows = (await queryRows(
      this.dataSource,
      `SELECT k.tenant_id, k.connection_id, l.owner, l.lease_until, l.parked_reason, l.parked_at,
         count(q.id) FILTER (WHERE q.state = 'pending') AS pending, count(q.id) FILTER (WHERE q.state = 'in_flight') AS in_flight,
         min(q.accepted_at) FILTER (WHERE q.state = 'pending') AS oldest_pending_at
       FROM (SELECT tenant_id, connection_id FROM delivery_lane WHERE tenant_id = $1
             UNION SELECT DISTINCT tenant_id, connection_id FROM delivery_queue WHERE tenant_id = $1 AND state IN ('pending', 'in_flight')) k
       LEFT JOIN delivery_lane l ON l.tenant_id = k.tenant_id AND l.connection_id = k.connection_id
       LEFT JOIN delivery_queue q ON q.tenant_id = k.tenant_id AND q.connection_id = k.connection_id AND q.state IN ('pending', 'in_flight')
       GROUP BY k.tenant_id, k.connection_id, l.owner, l.lease_until, l.parked_reason, l.parked_at
       ORDER BY k.connection_id`,
      [tenantId],
    )) as {
      tenant_id: string;
      connection_id: string;
      owner: string | null;
      lease_until: Date | null;
      parked_reason: string | null;
      parked_at: Date | null;
      pending: string;
      in_flight: string;
      oldest_pending_at: Date | null;
    }[];
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      connectionId: row.connection_id,
      owner: row.owner,
      leaseUntil: row.lease_until ? row.lease_until.toISOString() : new Date(0).toISOString(),
      parkedReason: row.parked_reason,
      parkedAt: row.parked_at ? row.parked_at.toISOString() : null,
      pending: Number(row.pending),
      inFlight: Number(row.in_flight),
      oldestPendingAt: row.oldest_pending_at ? row.oldest_pending_at.toISOString() : null,
    }));
  }

  /** Forgets finished, reported commands older than the retention (the ledger and entity versions stay). */
  async prune(retentionDays: number): Promise<number> {
    const rows = (await queryRows(
      this.dataSource,
      `DELETE FROM delivery_queue WHERE id IN (
         SELECT id FROM delivery_queue WHERE reported AND finished_at < now() - $1::int * interval '1 day' LIMIT 5000) RETURNING id`,
      [retentionDays],
    )) as unknown[];
    return rows.length;
  }
}
