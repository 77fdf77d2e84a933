type Row = Record<string, unknown>;

/** A $filter S/4 refuses: answered 400 with the Gateway's error document. */
export class S4FilterError extends Error {}

/** Columns compared as points in time, whatever the literal's spelling (`…Z`, `…+00:00`, with or without ms). */
const TIME_COLUMNS = new Set(['LastChangeDateTime', 'LastChangeDate', 'CreationDate', 'ActualGoodsMovementDate', 'BillingDocumentDate']);

const OPERATORS: Record<string, (comparison: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
};

function compare(column: string, actual: unknown, expected: unknown): number {
  if (TIME_COLUMNS.has(column)) {
    const at = Date.parse(String(expected));
    if (!Number.isFinite(at)) throw new S4FilterError(`Invalid literal '${String(expected)}' for property '${column}'`);
    const value = Date.parse(String(actual ?? ''));
    // A record without the time (a delivery never changed) sorts before every time.
    return Number.isFinite(value) ? Math.sign(value - at) : -1;
  }
  const x = String(actual ?? '');
  const y = String(expected);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Evaluates the CQN where clause CAP makes of a $filter: comparisons `property <op> literal` joined by `and`,
 * which is what Ferry's reads send (equality look-ups, change-time windows). Anything else — `or`, functions,
 * a property the entity does not have — is refused as S/4's Gateway refuses what it cannot evaluate, never
 * answered with silently wrong rows.
 */
export function matchesFilter(row: Row, where: unknown[] | undefined, properties: ReadonlySet<string>): boolean {
  if (!where || where.length === 0) return true;
  let result = true;
  for (let i = 0; i < where.length; i += 4) {
    const left = where[i] as { ref?: string[] } | undefined;
    const op = String(where[i + 1]);
    const right = where[i + 2] as { val?: unknown } | undefined;
    const joiner = where[i + 3];
    const column = left?.ref?.length === 1 ? left.ref[0]! : undefined;
    if (!column || !right || !('val' in right) || !OPERATORS[op] || (joiner !== undefined && joiner !== 'and'))
      throw new S4FilterError('Invalid filter expression: only comparisons of a property with a literal, joined by and, are supported');
    if (!properties.has(column)) throw new S4FilterError(`Property ${column} not found in type`);
    if (!OPERATORS[op]!(compare(column, row[column], right.val))) result = false;
  }
  return result;
}
