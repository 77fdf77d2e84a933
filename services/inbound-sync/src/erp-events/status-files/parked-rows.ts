import { stringify } from 'csv-stringify/sync';
import { STATUS_FILE_COLUMNS, type RowProblem } from './status-file-format';

/**
 * The bad rows of a status export as the CSV parked beside it in error/: LINE (of the original file), PROBLEMS
 * (every one, separated by "; "), then the row's cells as the file had them, so finance can fix and re-export
 * them. Cells are formula-escaped (the file is opened in spreadsheets).
 */
export function parkedRowsCsv(rows: readonly RowProblem[]): string {
  const columns = STATUS_FILE_COLUMNS.filter((column) => rows.some((row) => column in row.cells));
  return stringify(
    rows.map((row) => [String(row.line), row.problems.join('; '), ...columns.map((column) => row.cells[column] ?? '')]),
    { header: true, columns: ['LINE', 'PROBLEMS', ...columns], escape_formulas: true },
  );
}
