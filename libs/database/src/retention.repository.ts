import type { DataSource } from 'typeorm';
import { queryRows } from './query-rows';

/** A table retention prunes by time, tenant by tenant. Names are code constants, never input. */
export interface RetentionTableSpec {
  table: string;
  /** The timestamptz column a row's age is measured by (e.g. recorded_at). */
  time: string;
  /**
   * A further condition rows must meet to be deleted (e.g. `status IN ('succeeded', 'failed')`), or none. An index
   * whose leading columns are (tenant_id, <time>) makes both the tenant list and each batch index scans.
   */
  condition?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Queries only: the statements of a scheduled retention job (RetentionJob, @ferry/tenant-config) over one
 * table. Rows go oldest first in batches of `limit` by their physical address (one index scan picks them, one
 * TID scan deletes them), so a backlog of millions never holds one long transaction or lock.
 */
export class RetentionRepository {
  private readonly condition: string;

  constructor(
    private readonly dataSource: DataSource,
    readonly spec: RetentionTableSpec,
  ) {
    if (!IDENTIFIER.test(spec.table) || !IDENTIFIER.test(spec.time))
      throw new Error(`not a table or column name: ${spec.table}.${spec.time}`);
    this.condition = spec.condition ? ` AND (${spec.condition})` : '';
  }

  /**
   * Every tenant id with rows in the table (null when some rows have none), by a loose index scan: one index
   * probe per tenant rather than a scan of every row.
   */
  async tenants(): Promise<(string | null)[]> {
    const { table } = this.spec;
    const rows = await queryRows<{ tenant_id: string }>(
      this.dataSource,
      `WITH RECURSIVE tenants AS (
         (SELECT tenant_id FROM ${table} WHERE tenant_id IS NOT NULL ORDER BY tenant_id LIMIT 1)
         UNION ALL
         SELECT (SELECT t.tenant_id FROM ${table} t WHERE t.tenant_id > tenants.tenant_id ORDER BY t.tenant_id LIMIT 1)
         FROM tenants WHERE tenants.tenant_id IS NOT NULL
       )
       SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL`,
    );
    const withoutTenant = await queryRows(this.dataSource, `SELECT 1 FROM ${table} WHERE tenant_id IS NULL LIMIT 1`);
    return [...rows.map((row) => row.tenant_id), ...(withoutTenant.length > 0 ? [null] : [])];
  }

  /** Deletes at most `limit` of the tenant's rows (null: rows of no tenant) older than `cutoff`, oldest first; how many. */
  async deleteBefore(tenantId: string | null, cutoff: Date, limit: number): Promise<number> {
    const { table, time } = this.spec;
    const tenant = tenantId === null ? 'tenant_id IS NULL AND $1::text IS NULL' : 'tenant_id = $1';
    const rows = await queryRows<{ deleted: number }>(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${table} WHERE ${tenant} AND ${time} < $2${this.condition} ORDER BY ${time} LIMIT $3))
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [tenantId, cutoff, limit],
    );
    return rows[0]?.deleted ?? 0;
  }
}
