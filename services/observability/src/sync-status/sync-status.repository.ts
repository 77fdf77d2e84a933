import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SyncStatus } from '@ferry/contracts';
import { infrastructure } from '@ferry/kafka';
import type { DeliveryBookEntry } from '../service-levels/delivery-bookkeeping';

/** What recording a status changes besides its own row, decided by the consumer (pure rules in service-levels/). */
export interface StatusEffects {
  withinObjective: boolean;
  book: DeliveryBookEntry;
}

export interface AggregateRow {
  tenantId: string;
  entityType: string;
  stage: string;
  status: string;
  eventCount: number;
  latencyMsTotal: number;
  /** Deliveries the ERP acknowledged within the completion objective in force when they were recorded. */
  withinObjectiveCount: number;
  lastRecordedAt: Date;
}

export interface StatusRow {
  statusId: string;
  eventId: string;
  entityType: string;
  entityId: string;
  stage: string;
  status: string;
  erpKind: string | null;
  erpRecordId: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number | null;
  configVersion: number | null;
  connectionId: string | null;
  sourceSystem: string | null;
  direction: string | null;
  eventOccurredAt: Date | null;
  recordedAt: Date;
}

function toStatusRow(row: Record<string, unknown>): StatusRow {
  return {
    statusId: String(row['status_id']),
    eventId: String(row['event_id']),
    entityType: String(row['entity_type']),
    entityId: String(row['entity_id']),
    stage: String(row['stage']),
    status: String(row['status']),
    erpKind: (row['erp_kind'] as string | null) ?? null,
    erpRecordId: (row['erp_record_id'] as string | null) ?? null,
    errorClass: (row['error_class'] as string | null) ?? null,
    errorCode: (row['error_code'] as string | null) ?? null,
    errorMessage: (row['error_message'] as string | null) ?? null,
    latencyMs: row['latency_ms'] === null ? null : Number(row['latency_ms']),
    configVersion: (row['config_version'] as number | null) ?? null,
    connectionId: (row['connection_id'] as string | null) ?? null,
    sourceSystem: (row['source_system'] as string | null) ?? null,
    direction: (row['direction'] as string | null) ?? null,
    eventOccurredAt: (row['event_occurred_at'] as Date | null) ?? null,
    recordedAt: row['recorded_at'] as Date,
  };
}

/** Queries only: the sync-status rows and the per-tenant aggregates kept beside them. */
@Injectable()
export class SyncStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a status once (by statusId) and, only if it was new, in the same transaction: adds it to the
   * tenant's all-time aggregate and hourly rollup, and opens or closes its entry in the book of undelivered work.
   */
  async record(status: SyncStatus, effects: StatusEffects): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const inserted = (await manager.query(
          `INSERT INTO sync_status_record (status_id, tenant_id, event_id, entity_type, entity_id, stage, status, erp_kind, erp_record_id,
             error_class, error_message, latency_ms, config_version, recorded_at, error_code, connection_id, source_system, direction,
             event_occurred_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,to_timestamp($14 / 1000.0),$15,$16,$17,$18,to_timestamp($19 / 1000.0))
           ON CONFLICT (status_id) DO NOTHING RETURNING status_id`,
          [
            status.statusId,
            status.tenantId,
            status.eventId,
            status.entityType,
            status.entityId,
            status.stage,
            status.status,
            status.erpKind ?? null,
            status.erpRecordId ?? null,
            status.errorClass ?? null,
            status.errorMessage ?? null,
            status.latencyMs ?? null,
            status.configVersion ?? null,
            status.recordedAt,
            status.errorCode ?? null,
            status.connectionId ?? null,
            status.sourceSystem ?? null,
            status.direction ?? null,
            status.eventOccurredAt ?? null,
          ],
        )) as unknown[];
        if (inserted.length === 0) return false;
        const within = effects.withinObjective ? 1 : 0;
        await manager.query(
          `INSERT INTO tenant_sync_aggregate (tenant_id, entity_type, stage, status, event_count, latency_ms_total, last_recorded_at, within_objective_count)
           VALUES ($1,$2,$3,$4,1,$5,to_timestamp($6 / 1000.0),$7)
           ON CONFLICT (tenant_id, entity_type, stage, status) DO UPDATE SET
             event_count = tenant_sync_aggregate.event_count + 1,
             latency_ms_total = tenant_sync_aggregate.latency_ms_total + EXCLUDED.latency_ms_total,
             within_objective_count = tenant_sync_aggregate.within_objective_count + EXCLUDED.within_objective_count,
             last_recorded_at = GREATEST(tenant_sync_aggregate.last_recorded_at, EXCLUDED.last_recorded_at)`,
          [status.tenantId, status.entityType, status.stage, status.status, status.latencyMs ?? 0, status.recordedAt, within],
        );
        await manager.query(
          `INSERT INTO tenant_sync_hourly (tenant_id, hour, entity_type, stage, status, event_count, within_objective_count, latency_ms_total)
           VALUES ($1, date_trunc('hour', to_timestamp($2 / 1000.0)), $3, $4, $5, 1, $6, $7)
           ON CONFLICT (tenant_id, hour, entity_type, stage, status) DO UPDATE SET
             event_count = tenant_sync_hourly.event_count + 1,
             within_objective_count = tenant_sync_hourly.within_objective_count + EXCLUDED.within_objective_count,
             latency_ms_total = tenant_sync_hourly.latency_ms_total + EXCLUDED.latency_ms_total`,
          [status.tenantId, status.recordedAt, status.entityType, status.stage, status.status, within, status.latencyMs ?? 0],
        );
        if (effects.book === 'open')
          await manager.query(
            `INSERT INTO open_delivery (tenant_id, event_id, connection_id, entity_type, entity_id, event_occurred_at, routed_at)
             VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0))
             ON CONFLICT (tenant_id, event_id, connection_id) DO UPDATE SET routed_at = EXCLUDED.routed_at`,
            [
              status.tenantId,
              status.eventId,
              status.connectionId,
              status.entityType,
              status.entityId,
              status.eventOccurredAt ?? status.recordedAt - (status.latencyMs ?? 0),
              status.recordedAt,
            ],
          );
        if (effects.book === 'close')
          await manager.query(`DELETE FROM open_delivery WHERE tenant_id = $1 AND event_id = $2 AND connection_id = $3`, [
            status.tenantId,
            status.eventId,
            status.connectionId,
          ]);
        return true;
      });
    } catch (error) {
      throw infrastructure('DATABASE_UNAVAILABLE', `observability database unavailable: ${(error as Error).message}`, error);
    }
  }

  async aggregates(tenantId?: string): Promise<AggregateRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT tenant_id, entity_type, stage, status, event_count, latency_ms_total, within_objective_count, last_recorded_at FROM tenant_sync_aggregate
       ${tenantId ? 'WHERE tenant_id = $1' : ''} ORDER BY tenant_id, entity_type, stage, status`,
      tenantId ? [tenantId] : [],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      tenantId: String(row['tenant_id']),
      entityType: String(row['entity_type']),
      stage: String(row['stage']),
      status: String(row['status']),
      eventCount: Number(row['event_count']),
      latencyMsTotal: Number(row['latency_ms_total']),
      withinObjectiveCount: Number(row['within_objective_count']),
      lastRecordedAt: row['last_recorded_at'] as Date,
    }));
  }

  async deliveryLatencyPercentiles(
    tenantId: string,
    sinceMs: number,
  ): Promise<{ p50: number | null; p95: number | null; p99: number | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
       FROM sync_status_record WHERE tenant_id = $1 AND stage = 'delivery' AND status = 'delivered' AND recorded_at >= to_timestamp($2 / 1000.0)`,
      [tenantId, sinceMs],
    )) as Record<string, string | null>[];
    const number = (value: string | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));
    return { p50: number(row?.['p50']), p95: number(row?.['p95']), p99: number(row?.['p99']) };
  }

  async recent(
    tenantId: string,
    limit: number,
    filter: { status?: string; eventId?: string; entityId?: string; exceptionsOnly?: boolean },
  ): Promise<StatusRow[]> {
    const conditions = ['tenant_id = $1'];
    const parameters: unknown[] = [tenantId];
    if (filter.status) conditions.push(`status = $${parameters.push(filter.status)}`);
    if (filter.exceptionsOnly) conditions.push(`status IN ('dead_lettered', 'failed')`);
    if (filter.eventId) conditions.push(`event_id = $${parameters.push(filter.eventId)}`);
    if (filter.entityId) conditions.push(`entity_id = $${parameters.push(filter.entityId)}`);
    const rows = (await this.dataSource.query(
      `SELECT * FROM sync_status_record WHERE ${conditions.join(' AND ')} ORDER BY recorded_at DESC LIMIT $${parameters.push(limit)}`,
      parameters,
    )) as Record<string, unknown>[];
    return rows.map(toStatusRow);
  }

  /** One record's statuses, oldest first (its journey), at most `limit`; the newest when there are more. */
  async history(tenantId: string, record: { entityType?: string; entityId: string }, limit: number): Promise<StatusRow[]> {
    const parameters: unknown[] = [tenantId, record.entityId];
    const byType = record.entityType ? `AND entity_type = $${parameters.push(record.entityType)}` : '';
    const rows = (await this.dataSource.query(
      `SELECT * FROM (SELECT * FROM sync_status_record WHERE tenant_id = $1 AND entity_id = $2 ${byType}
         ORDER BY recorded_at DESC, status_id DESC LIMIT $${parameters.push(limit)}) AS newest
       ORDER BY recorded_at, status_id`,
      parameters,
    )) as Record<string, unknown>[];
    return rows.map(toStatusRow);
  }

  /** The record an event was about (its first status says), to trace a record found by event id. */
  async recordOfEvent(tenantId: string, eventId: string): Promise<{ entityType: string; entityId: string } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT entity_type, entity_id FROM sync_status_record WHERE tenant_id = $1 AND event_id = $2 ORDER BY recorded_at LIMIT 1`,
      [tenantId, eventId],
    )) as { entity_type: string; entity_id: string }[];
    return row ? { entityType: row.entity_type, entityId: row.entity_id } : undefined;
  }
}
