import type { StoredRecord } from './account-store';

/**
 * The subset of SuiteQL Ferry and its tests use: SELECT columns FROM table [WHERE cond AND …] [ORDER BY col [ASC|DESC]].
 * Conditions: col = 'v', col <> 'v', col > 'v', col >= 'v', col < 'v', col IS [NOT] NULL. Real SuiteQL is
 * Oracle SQL-92 with joins and functions; anything else here answers 400 INVALID_SEARCH, as NetSuite does for bad queries.
 * Rows have lower-case column names and string values, like NetSuite's.
 */
export interface SuiteQlQuery {
  columns: string[] | '*';
  table: string;
  where: { column: string; op: string; value: string | null }[];
  orderBy?: { column: string; descending: boolean };
}

export class SuiteQlError extends Error {}

export function parseSuiteQl(text: string): SuiteQlQuery {
  const match = /^\s*select\s+(.+?)\s+from\s+(\w+)(?:\s+where\s+(.+?))?(?:\s+order\s+by\s+(\w+)(?:\s+(asc|desc))?)?\s*$/is.exec(text);
  if (!match)
    throw new SuiteQlError(
      `Invalid search query. Detailed unprocessed description follows. Search error occurred: cannot parse "${text}".`,
    );
  const [, columnText = '', table = '', whereText, orderColumn, direction] = match;
  const columns = columnText.trim() === '*' ? '*' : columnText.split(',').map((c) => c.trim().toLowerCase());
  const where = (whereText ? whereText.split(/\s+and\s+/i) : []).map((condition) => {
    const nullCheck = /^(\w+)\s+is\s+(not\s+)?null$/i.exec(condition.trim());
    if (nullCheck) return { column: nullCheck[1]!.toLowerCase(), op: nullCheck[2] ? 'is not null' : 'is null', value: null };
    const comparison = /^(\w+)\s*(=|<>|>=|<=|>|<)\s*'((?:[^']|'')*)'$/.exec(condition.trim());
    if (!comparison) throw new SuiteQlError(`Invalid search query. Search error occurred: unsupported condition "${condition.trim()}".`);
    return { column: comparison[1]!.toLowerCase(), op: comparison[2]!, value: comparison[3]!.replace(/''/g, "'") };
  });
  return {
    columns,
    table: table.toLowerCase(),
    where,
    ...(orderColumn ? { orderBy: { column: orderColumn.toLowerCase(), descending: direction?.toLowerCase() === 'desc' } } : {}),
  };
}

/** A stored record as a SuiteQL row: scalar fields as strings, references ({ id }) as their id. */
export function toRow(record: StoredRecord): Record<string, string | null> {
  const row: Record<string, string | null> = {
    id: record.id,
    externalid: record.externalId,
    datecreated: record.dateCreated,
    lastmodifieddate: record.lastModifiedDate,
  };
  for (const [name, value] of Object.entries(record.fields)) {
    const column = name.toLowerCase();
    if (value === null || value === undefined) row[column] = null;
    else if (typeof value === 'object' && 'id' in (value as object)) row[column] = String((value as { id: unknown }).id);
    else if (typeof value !== 'object') row[column] = typeof value === 'boolean' ? (value ? 'T' : 'F') : String(value);
  }
  return row;
}

export function runSuiteQl(query: SuiteQlQuery, records: StoredRecord[]): Record<string, string | null>[] {
  let rows = records.map(toRow).filter((row) =>
    query.where.every(({ column, op, value }) => {
      const actual = row[column] ?? null;
      switch (op) {
        case 'is null':
          return actual === null;
        case 'is not null':
          return actual !== null;
        case '=':
          return actual === value;
        case '<>':
          return actual !== value;
        default:
          if (actual === null || value === null) return false;
          return op === '>' ? actual > value : op === '>=' ? actual >= value : op === '<' ? actual < value : actual <= value;
      }
    }),
  );
  if (query.orderBy) {
    const { column, descending } = query.orderBy;
    const numeric = rows.every((row) => row[column] === null || /^\d+$/.test(row[column] ?? ''));
    rows = [...rows].sort((a, b) => {
      const x = a[column] ?? '';
      const y = b[column] ?? '';
      const order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
  }
  if (query.columns === '*') return rows;
  const columns = query.columns;
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null])));
}
