import { stringify } from 'csv-stringify/sync';

export interface CsvRow {
  externalId: string;
  payload: Record<string, unknown>;
}

/** A plain decimal number ("-1250.00"): a spreadsheet reads it as a number, never as a formula. */
const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

/** A payload value as a CSV cell: nested objects become JSON text, nulls empty cells, numbers stay numbers. */
function cell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The rows as one CSV file: EXTERNAL_ID first, then every payload field any row has, with a header line.
 * Cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get a leading quote
 * (csv-stringify's escape_formulas, OWASP's advice against CSV injection): tenants' product data ends up in
 * files that partners open in Excel. Plain decimal numbers are exempt, so a credit note's "-1250.00" stays an
 * amount. `escapeFormulas: false` is for a partner whose importer cannot take the quote.
 */
export function toCsv(rows: readonly CsvRow[], options: { escapeFormulas?: boolean } = {}): string {
  const columns = ['EXTERNAL_ID', ...new Set(rows.flatMap((row) => Object.keys(row.payload)))];
  return stringify(
    rows.map((row) => [row.externalId, ...columns.slice(1).map((column) => cell(row.payload[column]))]),
    {
      header: true,
      columns,
      escape_formulas: options.escapeFormulas ?? true,
      cast: { string: (value) => (DECIMAL.test(value) ? { value, escape_formulas: false } : value) },
    },
  );
}
