import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@ferry/database';
import { TENANT_COLUMN, tenantMatch, tenantTableProblems, type TenantTable } from './tenant-tables';

/** One page of a table's rows for a tenant, as JSON objects (bytea as "\\x…" hex, times as ISO strings). */
export type TenantRow = Record<string, unknown>;

const quoted = (identifier: string) => `"${identifier}"`;

/**
 * Queries only: a service's tenant tables (its declared TenantTable list), read page by page for an export and
 * deleted for an erasure. Identifiers come only from the declared list, checked (plain identifiers) before use;
 * the tenant id is always a parameter.
 */
export class TenantDataRepository {
  constructor(
    private readonly dataSource: DataSource,
    readonly tables: readonly TenantTable[],
  ) {
    const problems = tenantTableProblems(tables);
    if (problems.length > 0) throw new Error(`bad tenant table list: ${problems.join('; ')}`);
  }

  /** Every table of the database's public schema with a tenant_id column (what the declared list must cover). */
  async tablesWithTenantColumn(): Promise<string[]> {
    const rows = await queryRows<{ table_name: string }>(
      this.dataSource,
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = $1 ORDER BY table_name`,
      [TENANT_COLUMN],
    );
    return rows.map((row) => row.table_name);
  }

  /** How many rows each declared table holds for the tenant. */
  async countRows(tenantId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of this.tables) {
      const { column, value } = tenantMatch(table, tenantId);
      const [row] = await queryRows<{ rows: number }>(
        this.dataSource,
        `SELECT count(*)::int AS rows FROM ${quoted(table.table)} WHERE ${quoted(column)} = $1`,
        [value],
      );
      counts[table.table] = row?.rows ?? 0;
    }
    return counts;
  }

  /** Up to `limit` of the tenant's rows of a declared table from `offset`, in its declared order, omitted columns left out. */
  async page(table: TenantTable, tenantId: string, offset: number, limit: number): Promise<TenantRow[]> {
    const order = table.orderBy.map((column) => `t.${quoted(column)}`).join(', ');
    const { column, value } = tenantMatch(table, tenantId);
    const rows = await queryRows<{ row: TenantRow }>(
      this.dataSource,
      `SELECT to_jsonb(t) - $2::text[] AS row FROM ${quoted(table.table)} t
       WHERE t.${quoted(column)} = $1 ORDER BY ${order} LIMIT $3 OFFSET $4`,
      [value, [...(table.omit ?? [])], limit, offset],
    );
    return rows.map((row) => row.row);
  }

  /**
   * Deletes every row of the tenant from every declared table, in the declared order (children before the rows
   * they reference), inside `transaction` when given, else in one of its own; answers the count per table.
   */
  async erase(tenantId: string, transaction?: EntityManager): Promise<Record<string, number>> {
    const work = async (manager: EntityManager) => {
      const erased: Record<string, number> = {};
      for (const table of this.tables) {
        const { column, value } = tenantMatch(table, tenantId);
        const [row] = await queryRows<{ rows: number }>(
          manager,
          `WITH gone AS (DELETE FROM ${quoted(table.table)} WHERE ${quoted(column)} = $1 RETURNING 1) SELECT count(*)::int AS rows FROM gone`,
          [value],
        );
        erased[table.table] = row?.rows ?? 0;
      }
      return erased;
    };
    return transaction ? work(transaction) : this.dataSource.transaction(work);
  }
}
