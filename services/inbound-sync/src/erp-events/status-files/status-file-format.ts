import { parse } from 'csv-parse/sync';

/**
 * The legacy ERP's status export (docs/erps.md#status-export-files): one CSV file, UTF-8, a header row, one
 * row per changed record. RECORD_TYPE names the record's table, as Ferry's delivered files do (ORDERS,
 * INVOICES, PAYMENTS, SHIPMENTS); which other columns a row needs depends on it. Columns may come in any order;
 * a column the format does not know makes the whole file malformed (a renamed column would otherwise be read
 * as empty).
 */
export const STATUS_FILE_COLUMNS = [
  'RECORD_TYPE',
  'ERP_ID',
  'EXTERNAL_ID',
  'CHANGED_AT',
  'STATUS',
  'DOC_NO',
  'REASON',
  'CURRENCY',
  'TOTAL',
  'AMOUNT_PAID',
  'BALANCE_DUE',
  'DUE_DATE',
  'AMOUNT',
  'CUSTOMER_ID',
  'APPLIED_TO',
  'ORDER_ID',
  'SHIP_DATE',
  'CARRIER',
  'TRACKING_NO',
  'LINES',
] as const;

export type StatusColumn = (typeof STATUS_FILE_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly StatusColumn[] = ['RECORD_TYPE', 'ERP_ID', 'CHANGED_AT'];

/** A file larger than this is refused whole (moved to error/), never read into memory. */
export const MAX_STATUS_FILE_BYTES = 5 * 1024 * 1024;

export const ORDER_STATUSES = [
  'ACKNOWLEDGED',
  'PENDING_APPROVAL',
  'REJECTED',
  'PARTIALLY_FULFILLED',
  'FULFILLED',
  'BILLED',
  'CLOSED',
] as const;
export const INVOICE_STATUSES = ['ISSUED', 'CHANGED', 'PARTIALLY_PAID', 'PAID', 'OVERDUE', 'VOIDED'] as const;

interface RowBase {
  /** The file's line the row starts on (the header is line 1). */
  line: number;
  erpRecordId: string;
  externalId: string | null;
  /** ISO 8601 instant, normalised to UTC. */
  changedAt: string;
  docNo: string | null;
}
export interface OrderStatusRow extends RowBase {
  recordType: 'ORDERS';
  status: Lowercase<(typeof ORDER_STATUSES)[number]>;
  reason: string | null;
}
export interface InvoiceStatusRow extends RowBase {
  recordType: 'INVOICES';
  status: Lowercase<(typeof INVOICE_STATUSES)[number]>;
  currency: string | null;
  total: string | null;
  amountPaid: string | null;
  balanceDue: string;
  dueDate: string | null;
}
export interface PaymentRow extends RowBase {
  recordType: 'PAYMENTS';
  amount: string;
  currency: string | null;
  customerErpId: string | null;
  appliedTo: { invoiceErpId: string; amount: string }[];
}
export interface ShipmentRow extends RowBase {
  recordType: 'SHIPMENTS';
  orderErpId: string;
  shipDate: string | null;
  carrier: string | null;
  trackingNumbers: string[];
  lines: { sku: string; quantity: string }[];
}
export type StatusRow = OrderStatusRow | InvoiceStatusRow | PaymentRow | ShipmentRow;

/** A row that cannot become an event: parked with its line number and original text, never dropped. */
export interface RowProblem {
  line: number;
  problems: string[];
  /** The row's cells as the file had them. */
  cells: Record<string, string>;
}

export type ParsedStatusFile = { kind: 'malformed'; reason: string } | { kind: 'parsed'; rows: StatusRow[]; badRows: RowProblem[] };

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with its zone: a legacy ERP's local time without one would be read in the poller's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const validDate = (value: string) =>
  DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const decimal = (value: string) => (DECIMAL.test(value) ? String(Number(value)) : undefined);

/** `A:1;B:2` → pairs; undefined when a part is not `<id>:<decimal>`. */
function pairs(value: string): { id: string; amount: string }[] | undefined {
  if (value === '') return [];
  const result: { id: string; amount: string }[] = [];
  for (const part of value.split(';')) {
    const separator = part.lastIndexOf(':');
    const id = part.slice(0, separator).trim();
    const amount = decimal(part.slice(separator + 1).trim());
    if (separator <= 0 || id === '' || amount === undefined) return undefined;
    result.push({ id, amount });
  }
  return result;
}

/** Reads one row, or answers every problem it has. */
export function parseStatusRow(cells: Record<string, string>, line: number): StatusRow | RowProblem {
  const problems: string[] = [];
  const get = (column: StatusColumn) => (cells[column] ?? '').trim();
  const optional = (column: StatusColumn) => get(column) || null;
  const required = (column: StatusColumn, why = '') => {
    const value = get(column);
    if (value === '') problems.push(`${column} is required${why}`);
    return value;
  };
  const optionalDecimal = (column: StatusColumn) => {
    const value = get(column);
    if (value === '') return null;
    const parsed = decimal(value);
    if (parsed === undefined) problems.push(`${column} "${value}" is not a decimal number (e.g. 1250.00)`);
    return parsed ?? null;
  };
  const requiredDecimal = (column: StatusColumn, why: string) => {
    if (get(column) === '') problems.push(`${column} is required${why}`);
    return optionalDecimal(column) ?? '0';
  };
  const optionalDate = (column: StatusColumn) => {
    const value = get(column);
    if (value !== '' && !validDate(value)) problems.push(`${column} "${value}" is not a date YYYY-MM-DD`);
    return value || null;
  };
  const currency = () => {
    const value = get('CURRENCY');
    if (value !== '' && !/^[A-Z]{3}$/.test(value)) problems.push(`CURRENCY "${value}" is not an ISO 4217 code`);
    return value || null;
  };

  const recordType = required('RECORD_TYPE');
  const erpRecordId = required('ERP_ID');
  const changedAtText = required('CHANGED_AT');
  let changedAt = '';
  if (changedAtText !== '') {
    if (!INSTANT.test(changedAtText) || Number.isNaN(Date.parse(changedAtText)))
      problems.push(`CHANGED_AT "${changedAtText}" is not an ISO 8601 time with a zone (e.g. 2026-12-02T08:15:00Z)`);
    else changedAt = new Date(changedAtText).toISOString();
  }
  const base = { line, erpRecordId, externalId: optional('EXTERNAL_ID'), changedAt, docNo: optional('DOC_NO') };
  const status = get('STATUS').toUpperCase();
  let row: StatusRow | undefined;
  switch (recordType) {
    case 'ORDERS': {
      if (!(ORDER_STATUSES as readonly string[]).includes(status))
        problems.push(`STATUS "${get('STATUS')}" is not an order status (${ORDER_STATUSES.join(', ')})`);
      const reason = status === 'REJECTED' ? required('REASON', ' when an order is REJECTED') : optional('REASON');
      row = { ...base, recordType, status: status.toLowerCase() as OrderStatusRow['status'], reason: reason || null };
      break;
    }
    case 'INVOICES': {
      if (!(INVOICE_STATUSES as readonly string[]).includes(status))
        problems.push(`STATUS "${get('STATUS')}" is not an invoice status (${INVOICE_STATUSES.join(', ')})`);
      const balanceDue = requiredDecimal('BALANCE_DUE', ' for an invoice');
      row = {
        ...base,
        recordType,
        status: status.toLowerCase() as InvoiceStatusRow['status'],
        currency: currency(),
        total: optionalDecimal('TOTAL'),
        amountPaid: optionalDecimal('AMOUNT_PAID'),
        balanceDue,
        dueDate: optionalDate('DUE_DATE'),
      };
      if (status === 'PAID' && Number(balanceDue) > 0) problems.push(`STATUS PAID with BALANCE_DUE ${balanceDue}: one of them is wrong`);
      break;
    }
    case 'PAYMENTS': {
      const amount = requiredDecimal('AMOUNT', ' for a payment');
      const applied = pairs(get('APPLIED_TO'));
      if (!applied) problems.push(`APPLIED_TO "${get('APPLIED_TO')}" is not <invoice ERP_ID>:<amount> pairs separated by ;`);
      row = {
        ...base,
        recordType,
        amount,
        currency: currency(),
        customerErpId: optional('CUSTOMER_ID'),
        appliedTo: (applied ?? []).map(({ id, amount: part }) => ({ invoiceErpId: id, amount: part })),
      };
      break;
    }
    case 'SHIPMENTS': {
      const lines = pairs(get('LINES'));
      if (!lines) problems.push(`LINES "${get('LINES')}" is not <SKU>:<quantity> pairs separated by ;`);
      row = {
        ...base,
        recordType,
        orderErpId: required('ORDER_ID', ' for a shipment'),
        shipDate: optionalDate('SHIP_DATE'),
        carrier: optional('CARRIER'),
        trackingNumbers: get('TRACKING_NO')
          .split(';')
          .map((number) => number.trim())
          .filter(Boolean),
        lines: (lines ?? []).map(({ id, amount: quantity }) => ({ sku: id, quantity })),
      };
      break;
    }
    case '':
      break;
    default:
      problems.push(`RECORD_TYPE "${recordType}" is not ORDERS, INVOICES, PAYMENTS or SHIPMENTS`);
  }
  return problems.length > 0 || !row ? { line, problems, cells } : row;
}

/**
 * Parses a status export. The whole file is malformed (nothing of it is published) when it is not UTF-8 CSV,
 * has no header, misses a required column or has one the format does not know; otherwise each row is either
 * a status row or a bad row with its line number and every problem it has.
 */
export function parseStatusFile(content: Buffer): ParsedStatusFile {
  if (content.length > MAX_STATUS_FILE_BYTES)
    return { kind: 'malformed', reason: `the file is ${content.length} bytes; at most ${MAX_STATUS_FILE_BYTES} are read` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { kind: 'malformed', reason: 'the file is not UTF-8 text' };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, info: true }) as typeof records;
  } catch (error) {
    return { kind: 'malformed', reason: `the file is not valid CSV: ${(error as Error).message}` };
  }
  const [header, ...body] = records;
  if (!header) return { kind: 'malformed', reason: 'the file is empty: a header row is required' };
  const columns = header.record.map((column) => column.trim().toUpperCase());
  const unknown = columns.filter((column) => !(STATUS_FILE_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) return { kind: 'malformed', reason: `the header has columns the format does not know: ${unknown.join(', ')}` };
  const duplicated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (duplicated.length > 0) return { kind: 'malformed', reason: `the header repeats ${[...new Set(duplicated)].join(', ')}` };
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) return { kind: 'malformed', reason: `the header lacks ${missing.join(', ')}` };
  const rows: StatusRow[] = [];
  const badRows: RowProblem[] = [];
  for (const { record, info } of body) {
    // csv-parse counts the lines read so far: the line the row ends on (a quoted cell may span lines).
    const cells = Object.fromEntries(columns.map((column, index) => [column, record[index] ?? '']));
    const line = info.lines;
    if (record.length !== columns.length) {
      badRows.push({ line, problems: [`the row has ${record.length} cells, the header ${columns.length}`], cells });
      continue;
    }
    const parsed = parseStatusRow(cells, line);
    if ('problems' in parsed) badRows.push(parsed);
    else rows.push(parsed);
  }
  return { kind: 'parsed', rows, badRows };
}
