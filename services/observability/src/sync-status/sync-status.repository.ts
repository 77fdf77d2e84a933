import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SyncStatus } from '@ferry/contracts';
import { infrastructure } from '@ferry/kafka';

export interface AggregateRow {
  tenantId: string;
  entityType: string;
  stage: string;
  status: string;
  eventCount: number;
  latencyMsTotal: number;
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
  recordedAt: Date;
}

/** Queries only: the sync-status rows and the per-tenant aggregates kept beside them. */
@Injectable()
export class SyncStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a status once (by statusId) and, only if it was new, adds it to the tenant's aggregate. */
  async record(status: SyncStatus): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const inserted = (await manager.query(
          `INSERT INTO sync_status_record (status_id, tenant_id, event_id, entity_type, entity_id, stage, status, erp_kind, erp_record_id, error_class, error_message, latency_ms, config_version, recorded_at, error_code)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,to_timestamp($14 / 1000.0),$15)
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
          ],
        )) as unknown[];
        if (inserted.length === 0) return false;
        await manager.query(
          `INSERT INTO tenant_sync_aggregate (tenant_id, entity_type, stage, status, event_count, latency_ms_total, last_recorded_at)
           VALUES ($1,$2,$3,$4,1,$5,to_timestamp($6 / 1000.0))
           ON CONFLICT (tenant_id, entity_type, stage, status) DO UPDATE SET
             event_count = tenant_sync_aggregate.event_count + 1,
             latency_ms_total = tenant_sync_aggregate.latency_ms_total + EXCLUDED.latency_ms_total,
             last_recorded_at = GREATEST(tenant_sync_aggregate.last_recorded_at, EXCLUDED.last_recorded_at)`,
          [status.tenantId, status.entityType, status.stage, status.status, status.latencyMs ?? 0, status.recordedAt],
        );
        return true;
      });
    } catch (error) {
      throw infrastructure('DATABASE_UNAVAILABLE', `observability database unavailable: ${(error as Error).message}`, error);
    }
  }

  async aggregates(tenantId?: string): Promise<AggregateRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT tenant_id, entity_type, stage, status, event_count, latency_ms_total, last_recorded_at FROM tenant_sync_aggregate
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
    filter: { status?: string; eventId?: string; exceptionsOnly?: boolean },
  ): Promise<StatusRow[]> {
    const conditions = ['tenant_id = $1'];
    const parameters: unknown[] = [tenantId];
    if (filter.status) conditions.push(`status = $${parameters.push(filter.status)}`);
    if (filter.exceptionsOnly) conditions.push(`status IN ('dead_lettered', 'failed')`);
    if (filter.eventId) conditions.push(`event_id = $${parameters.push(filter.eventId)}`);
    const rows = (await this.dataSource.query(
      `SELECT * FROM sync_status_record WHERE ${conditions.join(' AND ')} ORDER BY recorded_at DESC LIMIT $${parameters.push(limit)}`,
      parameters,
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
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
      recordedAt: row['recorded_at'] as Date,
    }));
  }
}
