import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@ferry/database';
import { laneId, type LaneKey } from '../queue/lane-key';
import { FINAL_STATES, UNFINISHED_STATES, sqlStates } from '../queue/queue-states';

/** What a lease holder learns on taking or renewing a lane: its epoch, and whether (and why) it is parked. */
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

interface LeaseRow {
  epoch: string;
  parked_reason: string | null;
  parked_config_version: number | null;
}

function toLease(row: LeaseRow): LaneLease {
  return { epoch: row.epoch, parkedReason: row.parked_reason, parkedConfigVersion: row.parked_config_version };
}

const UNFINISHED = sqlStates(UNFINISHED_STATES);
const FINAL = sqlStates(FINAL_STATES);

/**
 * SQL over delivery_lane: which replica holds each lane (owner, lease expiry, an epoch that grows with every
 * new holder) and whether the lane is parked. A holder's writes name its epoch, so a lapsed holder changes nothing.
 */
export class LaneLeaseRepository {
  constructor(private readonly executor: DataSource | EntityManager) {}

  /**
   * Takes the lane if nobody holds it (or its holder let the lease lapse, or it is ours from an earlier life).
   * The caller takes back what the previous holder had in flight (DeliveryQueue.acquireLane).
   */
  async acquire(lane: LaneKey, owner: string, leaseMs: number): Promise<LaneLease | undefined> {
    const [row] = await queryRows<LeaseRow>(
      this.executor,
      `INSERT INTO delivery_lane (tenant_id, connection_id, owner, lease_until, epoch)
       VALUES ($1, $2, $3, now() + $4::int * interval '1 millisecond', 1)
       ON CONFLICT (tenant_id, connection_id) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
         epoch = delivery_lane.epoch + 1, updated_at = now()
       WHERE delivery_lane.owner IS NULL OR delivery_lane.owner = EXCLUDED.owner OR delivery_lane.lease_until < now()
       RETURNING epoch, parked_reason, parked_config_version`,
      [lane.tenantId, lane.connectionId, owner, leaseMs],
    );
    return row ? toLease(row) : undefined;
  }

  /** Renews every lease this replica holds; answers the ones it still holds, by lane id, with their park state. */
  async renew(owner: string, held: { lane: LaneKey; epoch: string }[], leaseMs: number): Promise<Map<string, LaneLease>> {
    if (held.length === 0) return new Map();
    const rows = await queryRows<LeaseRow & { tenant_id: string; connection_id: string }>(
      this.executor,
      `UPDATE delivery_lane l SET lease_until = now() + $5::int * interval '1 millisecond', updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS h(tenant_id, connection_id, epoch)
       WHERE l.tenant_id = h.tenant_id AND l.connection_id = h.connection_id AND l.epoch = h.epoch AND l.owner = $4
       RETURNING l.tenant_id, l.connection_id, l.epoch, l.parked_reason, l.parked_config_version`,
      [held.map((h) => h.lane.tenantId), held.map((h) => h.lane.connectionId), held.map((h) => h.epoch), owner, leaseMs],
    );
    return new Map(rows.map((row) => [laneId({ tenantId: row.tenant_id, connectionId: row.connection_id }), toLease(row)]));
  }

  /** Gives the lease back at once (only the holder of that epoch can). */
  async release(lane: LaneKey, owner: string, epoch: string): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_lane SET owner = NULL, lease_until = 'epoch', updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2 AND owner = $3 AND epoch = $4`,
      [lane.tenantId, lane.connectionId, owner, epoch],
    );
  }

  async park(lane: LaneKey, reason: string, configVersion: number | null): Promise<void> {
    await queryRows(
      this.executor,
      `UPDATE delivery_lane SET parked_reason = $3, parked_at = now(), parked_config_version = $4, updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2`,
      [lane.tenantId, lane.connectionId, reason, configVersion],
    );
  }

  /** Lifts a park; answers whether the lane was parked. */
  async unpark(lane: LaneKey): Promise<boolean> {
    const rows = await queryRows(
      this.executor,
      `UPDATE delivery_lane SET parked_reason = NULL, parked_at = NULL, parked_config_version = NULL, updated_at = now()
       WHERE tenant_id = $1 AND connection_id = $2 AND parked_reason IS NOT NULL RETURNING tenant_id`,
      [lane.tenantId, lane.connectionId],
    );
    return rows.length > 0;
  }

  /** Lanes with work (or unpublished outcomes) that no live replica holds: after a crash, a scale-down, or at start. */
  async orphaned(limit = 100): Promise<LaneKey[]> {
    const rows = await queryRows<{ tenant_id: string; connection_id: string }>(
      this.executor,
      `SELECT DISTINCT q.tenant_id, q.connection_id FROM delivery_queue q
       LEFT JOIN delivery_lane l ON l.tenant_id = q.tenant_id AND l.connection_id = q.connection_id
       WHERE (q.state IN ${UNFINISHED} OR (NOT q.reported AND q.state IN ${FINAL}))
         AND (l.tenant_id IS NULL OR l.owner IS NULL OR l.lease_until < now())
       LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, connectionId: row.connection_id }));
  }

  /** Every lane of the tenant that has a lease row or unfinished commands: holder, park state and queue depth. */
  async overview(tenantId: string): Promise<LaneOverview[]> {
    const rows = await queryRows<{
      tenant_id: string;
      connection_id: string;
      owner: string | null;
      lease_until: Date | null;
      parked_reason: string | null;
      parked_at: Date | null;
      pending: string;
      in_flight: string;
      oldest_pending_at: Date | null;
    }>(
      this.executor,
      `SELECT k.tenant_id, k.connection_id, l.owner, l.lease_until, l.parked_reason, l.parked_at,
         count(q.id) FILTER (WHERE q.state = 'pending') AS pending, count(q.id) FILTER (WHERE q.state = 'in_flight') AS in_flight,
         min(q.accepted_at) FILTER (WHERE q.state = 'pending') AS oldest_pending_at
       FROM (SELECT tenant_id, connection_id FROM delivery_lane WHERE tenant_id = $1
             UNION SELECT DISTINCT tenant_id, connection_id FROM delivery_queue WHERE tenant_id = $1 AND state IN ${UNFINISHED}) k
       LEFT JOIN delivery_lane l ON l.tenant_id = k.tenant_id AND l.connection_id = k.connection_id
       LEFT JOIN delivery_queue q ON q.tenant_id = k.tenant_id AND q.connection_id = k.connection_id AND q.state IN ${UNFINISHED}
       GROUP BY k.tenant_id, k.connection_id, l.owner, l.lease_until, l.parked_reason, l.parked_at
       ORDER BY k.connection_id`,
      [tenantId],
    );
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
}
