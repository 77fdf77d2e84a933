import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';

/** The ERP records of one tenant connection and record type. */
export interface BaselineKey {
  tenantId: string;
  connectionId: string;
  recordType: string;
}

function unavailable(error: unknown): never {
  throw infrastructure('DATABASE_UNAVAILABLE', `inbound baseline unavailable: ${(error as Error).message}`, error);
}

/** Queries only: the canonical body last read from each ERP record (conflicting fields at their kept value). */
@Injectable()
export class InboundBaselineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The baselines of these records, by ERP record id (records never read are absent). */
  async baselines(key: BaselineKey, erpRecordIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    if (erpRecordIds.length === 0) return new Map();
    const rows = (await this.dataSource
      .query(
        `SELECT erp_record_id, body FROM inbound_baseline
         WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND erp_record_id = ANY($4)`,
        [key.tenantId, key.connectionId, key.recordType, [...erpRecordIds]],
      )
      .catch(unavailable)) as { erp_record_id: string; body: Record<string, unknown> }[];
    return new Map(rows.map((row) => [row.erp_record_id, row.body]));
  }

  /** Replaces the baselines of these records. */
  async save(key: BaselineKey, bodies: ReadonlyMap<string, Record<string, unknown>>): Promise<void> {
    if (bodies.size === 0) return;
    const ids = [...bodies.keys()];
    await this.dataSource
      .query(
        `INSERT INTO inbound_baseline (tenant_id, connection_id, record_type, erp_record_id, body)
         SELECT $1, $2, $3, id, body FROM unnest($4::text[], $5::jsonb[]) AS given(id, body)
         ON CONFLICT (tenant_id, connection_id, record_type, erp_record_id) DO UPDATE SET body = EXCLUDED.body, read_at = now()`,
        [key.tenantId, key.connectionId, key.recordType, ids, ids.map((id) => JSON.stringify(bodies.get(id)))],
      )
      .catch(unavailable);
  }
}
