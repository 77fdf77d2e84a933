/** The column every tenant table names its tenant in (unless it declares a tenantKey). */
export const TENANT_COLUMN = 'tenant_id';

/**
 * One table of a service's database that holds a tenant's rows: what offboarding exports and erases there. Every
 * service declares all of them in one list (`<SERVICE>_TENANT_TABLES`); a spec holds that list to the database's
 * information_schema, so a table with a tenant_id column cannot be added without being declared here.
 */
export interface TenantTable {
  /** The table's name (a plain SQL identifier). */
  table: string;
  /** The columns that order its export pages stably (its primary key, or what identifies a row). */
  orderBy: readonly string[];
  /** Columns never exported: hashes of secrets and the like. Sealed credentials inside JSON are redacted anyway. */
  omit?: readonly string[];
  /**
   * For a table without a tenant_id column whose rows are still the tenant's: the column that holds
   * `<prefix><tenant id>` (e.g. ingestion's rate-limit bucket `tenant:acme`). Default: the tenant_id column.
   */
  tenantKey?: { column: string; prefix: string };
}

/** The column a table names its tenant in, and the value a tenant's rows hold there. */
export function tenantMatch(table: TenantTable, tenantId: string): { column: string; value: string } {
  return table.tenantKey
    ? { column: table.tenantKey.column, value: `${table.tenantKey.prefix}${tenantId}` }
    : { column: TENANT_COLUMN, value: tenantId };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** What is wrong with a declared list (bad identifiers, a table named twice): checked before any SQL is built. */
export function tenantTableProblems(tables: readonly TenantTable[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { table, orderBy, omit = [], tenantKey } of tables) {
    if (!IDENTIFIER.test(table)) problems.push(`${table}: not a plain lower-case SQL identifier`);
    if (seen.has(table)) problems.push(`${table}: declared twice`);
    seen.add(table);
    if (orderBy.length === 0) problems.push(`${table}: no orderBy column`);
    for (const column of [...orderBy, ...omit, ...(tenantKey ? [tenantKey.column] : [])])
      if (!IDENTIFIER.test(column)) problems.push(`${table}.${column}: not a plain lower-case SQL identifier`);
  }
  return problems;
}

/**
 * How a declared list differs from the tables the database really has with a tenant_id column: tables the list
 * forgot (their rows would survive an erasure) and tables it names that the database does not have.
 */
export function tenantTableDrift(
  declared: readonly TenantTable[],
  withTenantColumn: readonly string[],
): { undeclared: string[]; missing: string[] } {
  const names = new Set(declared.filter((table) => !table.tenantKey).map((table) => table.table));
  return {
    undeclared: withTenantColumn.filter((table) => !names.has(table)).sort(),
    missing: [...names].filter((table) => !withTenantColumn.includes(table)).sort(),
  };
}

/** The declared table called `name`, if any. */
export function findTenantTable(tables: readonly TenantTable[], name: string): TenantTable | undefined {
  return tables.find((table) => table.table === name);
}
