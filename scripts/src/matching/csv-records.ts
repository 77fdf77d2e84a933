import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isRecordPath, writePath, type CustomerRecordInput } from '@ferry/matching';

/** CSV column → canonical record path, e.g. { "surname": "name.family", "segment": "attributes.segment" }. */
export type ColumnMapping = Readonly<Record<string, string>>;

export class UsageError extends Error {}

/** Parses and checks a --columns value: a JSON object of column names to record paths, at most one 'id'. */
export function parseColumnMapping(json: string): ColumnMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--columns is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--columns must be a JSON object mapping CSV columns to record paths, e.g. {"surname":"name.family"}');
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw new UsageError('--columns maps no column');
  const bad = entries.filter(([, path]) => typeof path !== 'string' || !isRecordPath(path) || path === 'source');
  if (bad.length > 0) {
    throw new UsageError(
      `--columns: not a record path: ${bad.map(([column, path]) => `${column} → ${JSON.stringify(path)}`).join(', ')}. ` +
        'Paths: id, name.given|middle|family|full|organisation, address.number|line1|line2|locality|postcode|region|country, ' +
        'email, phone, birthDate, taxId, nationalId, registrationNumber, updatedAt, attributes.<name>, externalIds.<system>',
    );
  }
  if (entries.filter(([, path]) => path === 'id').length > 1) throw new UsageError('--columns maps more than one column to id');
  return Object.fromEntries(entries) as ColumnMapping;
}

/** A source name per input file (its base name), made unique when two files share one. */
export function sourceNames(paths: readonly string[]): string[] {
  const names = paths.map((path) => basename(path, extname(path)) || 'input');
  return names.map((name, i) => (names.indexOf(name) === i && names.lastIndexOf(name) === i ? name : `${name}-${i + 1}`));
}

/**
 * The records of one CSV file under a column mapping. Fields are trimmed (Febrl-style ", " separators work);
 * without an 'id' column, a record's id is its data row number. Columns the file lacks are an error.
 */
export function readCsvRecords(path: string, mapping: ColumnMapping, source: string): CustomerRecordInput[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, trim: true, skip_empty_lines: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw new UsageError(`${path} is not a readable CSV file: ${(error as Error).message}`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0] ?? {}) : csvHeader(text);
  const missing = Object.keys(mapping).filter((column) => !header.includes(column));
  if (missing.length > 0) throw new UsageError(`${path} has no column ${missing.join(', ')} (its columns: ${header.join(', ')})`);
  const ids = new Set<string>();
  return rows.map((row, i) => {
    const record: CustomerRecordInput = { id: String(i + 1), source };
    for (const [column, recordPath] of Object.entries(mapping)) writePath(record, recordPath, row[column] ?? '');
    if (ids.has(record.id)) throw new UsageError(`${path}: record id '${record.id}' appears twice (data row ${i + 1})`);
    ids.add(record.id);
    return record;
  });
}

function csvHeader(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((column) => column.trim());
}
