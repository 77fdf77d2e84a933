import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { BacklogRow, OpenExceptionRow, OutcomeRow, Percentiles } from './service-levels';

const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Queries only: the SLI sources kept by the sync-status and dead-letter consumers. tenantId undefined = every tenant. */
@Injectable()
export class ServiceLevelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Outcomes from the hourly rollup since the top of the hour that holds `since`. */
  async outcomes(since: Date, tenantId?: string): Promise<OutcomeRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT tenant_id, entity_type, stage, status, sum(event_count) AS event_count, sum(within_objective_count) AS within_objective_count
       FROM tenant_sync_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) ${tenantId ? 'AND tenant_id = $2' : ''}
       GROUP BY tenant_id, entity_type, stage, status`,
      tenantId ? [since, tenantId] : [since],
    );
    return rows.map((row) => ({
      tenantId: String(row['tenant_id']),
      entityType: String(row['entity_type']),
      stage: String(row['stage']),
      status: String(row['status']),
      eventCount: Number(row['event_count']),
      withinObjectiveCount: Number(row['within_objective_count']),
    }));
  }

  async backlog(tenantId?: string): Promise<BacklogRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT tenant_id, entity_type, count(*) AS count, min(event_occurred_at) AS oldest FROM open_delivery
       ${tenantId ? 'WHERE tenant_id = $1' : ''} GROUP BY tenant_id, entity_type`,
      tenantId ? [tenantId] : [],
    );
    return rows.map((row) => ({
      tenantId: String(row['tenant_id']),
      entityType: String(row['entity_type']),
      count: Number(row['count']),
      oldestEventOccurredAt: row['oldest'] as Date,
    }));
  }

  async openExceptions(tenantId?: string): Promise<OpenExceptionRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT tenant_id, count(*) AS count, min(dead_lettered_at) AS oldest FROM dead_letter
       WHERE status = 'open' AND tenant_id IS NOT NULL ${tenantId ? 'AND tenant_id = $1' : ''} GROUP BY tenant_id`,
      tenantId ? [tenantId] : [],
    );
    return rows.map((row) => ({ tenantId: String(row['tenant_id']), count: Number(row['count']), oldestOpenedAt: row['oldest'] as Date }));
  }

  /** When each tenant's last status was recorded: every tenant Ferry has seen, for the fleet list. */
  async lastRecorded(): Promise<Map<string, Date>> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT tenant_id, max(last_recorded_at) AS last FROM tenant_sync_aggregate GROUP BY tenant_id`,
    );
    return new Map(rows.map((row) => [String(row['tenant_id']), row['last'] as Date]));
  }

  /** Completion time percentiles (ms) of one tenant's deliveries since `since`, per entity type. */
  async completionPercentiles(tenantId: string, since: Date): Promise<Map<string, Percentiles>> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT entity_type,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
       FROM sync_status_record
       WHERE tenant_id = $1 AND stage = 'delivery' AND status = 'delivered' AND latency_ms IS NOT NULL AND recorded_at >= $2
       GROUP BY entity_type`,
      [tenantId, since],
    );
    const rounded = (value: unknown) => {
      const parsed = number(value);
      return parsed === null ? null : Math.round(parsed);
    };
    return new Map(
      rows.map((row) => [String(row['entity_type']), { p50: rounded(row['p50']), p95: rounded(row['p95']), p99: rounded(row['p99']) }]),
    );
  }

  /**
   * Exception resolution time: dead letter opened → replayed or resolved by an operator, for one tenant's dead
   * letters closed since `since`.
   */
  async resolution(tenantId: string, since: Date): Promise<{ resolved: number; p50: number | null; p95: number | null }> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT count(*) AS resolved,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - dead_lettered_at)) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - dead_lettered_at)) AS p95
       FROM (SELECT replayed_at AS closed_at, dead_lettered_at FROM dead_letter WHERE tenant_id = $1 AND status = 'replayed' AND replayed_at >= $2
             UNION ALL
             SELECT resolved_at, dead_lettered_at FROM dead_letter WHERE tenant_id = $1 AND status = 'resolved' AND resolved_at >= $2) AS closed`,
      [tenantId, since],
    );
    const seconds = (value: unknown) => {
      const parsed = number(value);
      return parsed === null ? null : Math.round(parsed * 10) / 10;
    };
    return { resolved: Number(row?.['resolved'] ?? 0), p50: seconds(row?.['p50']), p95: seconds(row?.['p95']) };
  }

  /** Hourly rollups older than the longest window are no longer read. */
  async forgetHoursBefore(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM tenant_sync_hourly WHERE hour < $1`, [before]);
  }
}
