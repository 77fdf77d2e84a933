import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Columns each file type needs besides EXTERNAL_ID, and the record another column must refer to. */
const FILE_TYPES: Record<string, { required: string[]; references?: { column: string; fileType: string } }> = {
  CUSTOMERS: { required: ['NAME'] },
  ORDERS: { required: ['ORDER_NO', 'CUSTOMER_NO'], references: { column: 'CUSTOMER_NO', fileType: 'CUSTOMERS' } },
  INVOICES: { required: ['INVOICE_NO', 'CUSTOMER_NO'], references: { column: 'CUSTOMER_NO', fileType: 'CUSTOMERS' } },
  PAYMENTS: { required: ['PAYMENT_NO', 'AMOUNT'] },
  SHIPMENTS: { required: ['SHIPMENT_NO', 'ORDER_REF'] },
};

/**
 * Column widths of the legacy ERP's tables. Its database has byte length semantics: a width counts bytes of the
 * UTF-8 text, so a CJK character takes three and an emoji four. A longer value rejects the row.
 */
export const COLUMN_BYTES: Record<string, Record<string, number>> = {
  CUSTOMERS: { EXTERNAL_ID: 64, CUSTOMER_NO: 64, NAME: 60, EMAIL: 120, CURRENCY: 3, COUNTRY: 2 },
  ORDERS: { EXTERNAL_ID: 64, ORDER_NO: 30, CUSTOMER_NO: 64, CURRENCY: 3 },
  INVOICES: { EXTERNAL_ID: 64, INVOICE_NO: 30, CUSTOMER_NO: 64, CURRENCY: 3 },
  PAYMENTS: { EXTERNAL_ID: 64, PAYMENT_NO: 64, CUSTOMER_NO: 64, CURRENCY: 3 },
  SHIPMENTS: { EXTERNAL_ID: 64, SHIPMENT_NO: 64, ORDER_REF: 64, CARRIER: 40, TRACKING_NO: 64 },
};

/** The legacy ERP's rejection of the first column wider than its table allows, or undefined when all fit. */
export function columnWidthProblem(fileType: string, row: Record<string, string>): string | undefined {
  for (const [column, bytes] of Object.entries(COLUMN_BYTES[fileType] ?? {})) {
    const value = row[column];
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > bytes)
      return `${column} is ${Buffer.byteLength(value, 'utf8')} bytes, the column holds ${bytes}`;
  }
  return undefined;
}

export interface LegacyFaults {
  /** Never write acknowledgements: files are taken but the ERP says nothing (Ferry must not resend blindly). */
  noAck: boolean;
  /** Milliseconds between a file landing and its acknowledgement. */
  processingDelayMs: number;
  /** Reject every file with this reason (e.g. the ERP's import job is down). */
  rejectFiles: string | null;
}

export const DEFAULT_LEGACY_FAULTS: LegacyFaults = { noAck: false, processingDelayMs: 50, rejectFiles: null };

export interface LegacyRecord {
  erpId: string;
  externalId: string;
  fields: Record<string, string>;
  importedFrom: string;
  updatedAt: string;
}

/**
 * The ERP behind the SFTP drop: it imports a data file once its control file (FILE, RECORDS, SHA256) has
 * landed in /inbound, checks count and checksum, validates every row, upserts on EXTERNAL_ID, writes
 * /outbound/<file>.ack.csv (ROW, EXTERNAL_ID, STATUS, ERP_ID, MESSAGE; written as a temp file then renamed)
 * and moves the data and control files to /archive.
 */
export class LegacyErp {
  readonly tables = new Map<string, Map<string, LegacyRecord>>(Object.keys(FILE_TYPES).map((type) => [type, new Map()]));
  faults: LegacyFaults = { ...DEFAULT_LEGACY_FAULTS };
  private nextId = 1;

  constructor(readonly root: string) {
    for (const dir of ['inbound', 'outbound', 'archive']) mkdirSync(join(root, dir), { recursive: true });
  }

  /** Called when a file is renamed into place; control files trigger an import. */
  onFileLanded(path: string): void {
    if (!path.startsWith('/inbound/') || !path.endsWith('.ctl')) return;
    setTimeout(() => this.importControlFile(path.slice('/inbound/'.length)), this.faults.processingDelayMs);
  }

  private importControlFile(controlName: string): void {
    const controlPath = join(this.root, 'inbound', controlName);
    if (!existsSync(controlPath)) return;
    const control = Object.fromEntries(
      readFileSync(controlPath, 'utf8')
        .split(/\r?\n/)
        .filter(Boolean)
        .map((line) => line.split('=', 2) as [string, string]),
    );
    const dataName = control['FILE'] ?? '';
    const dataPath = join(this.root, 'inbound', dataName);
    const ackRows: Record<string, string>[] = [];
    const rejectFile = (message: string) =>
      ackRows.push({ ROW: '0', EXTERNAL_ID: '', STATUS: 'REJECTED_FILE', ERP_ID: '', MESSAGE: message });
    if (this.faults.rejectFiles) rejectFile(this.faults.rejectFiles);
    else if (!dataName || !existsSync(dataPath)) rejectFile(`data file ${dataName || '(none named)'} not found`);
    else {
      const content = readFileSync(dataPath);
      const checksum = createHash('sha256').update(content).digest('hex');
      const rows = parse(content, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      const fileType = dataName.split('_')[0] ?? '';
      const spec = FILE_TYPES[fileType];
      if (!spec) rejectFile(`unknown file type ${fileType}`);
      else if (checksum !== control['SHA256']) rejectFile(`checksum mismatch: control says ${control['SHA256']}, file is ${checksum}`);
      else if (String(rows.length) !== control['RECORDS'])
        rejectFile(`record count mismatch: control says ${control['RECORDS']}, file has ${rows.length}`);
      else rows.forEach((row, index) => ackRows.push(this.importRow(fileType, spec, row, index + 1, dataName)));
    }
    if (existsSync(dataPath)) renameSync(dataPath, join(this.root, 'archive', dataName));
    renameSync(controlPath, join(this.root, 'archive', controlName));
    if (this.faults.noAck) return;
    const ackName = `${dataName}.ack.csv`;
    writeFileSync(
      join(this.root, 'outbound', `${ackName}.tmp`),
      stringify(ackRows, { header: true, columns: ['ROW', 'EXTERNAL_ID', 'STATUS', 'ERP_ID', 'MESSAGE'] }),
    );
    renameSync(join(this.root, 'outbound', `${ackName}.tmp`), join(this.root, 'outbound', ackName));
  }

  private importRow(
    fileType: string,
    spec: (typeof FILE_TYPES)[string],
    row: Record<string, string>,
    number: number,
    file: string,
  ): Record<string, string> {
    const externalId = row['EXTERNAL_ID'] ?? '';
    const reject = (message: string) => ({
      ROW: String(number),
      EXTERNAL_ID: externalId,
      STATUS: 'REJECTED',
      ERP_ID: '',
      MESSAGE: message,
    });
    if (!externalId) return reject('EXTERNAL_ID is required');
    const missing = spec.required.find((column) => !row[column]);
    if (missing) return reject(`${missing} is required`);
    const tooWide = columnWidthProblem(fileType, row);
    if (tooWide) return reject(tooWide);
    if (spec.references) {
      const referenced = this.tables.get(spec.references.fileType)!;
      const value = row[spec.references.column]!;
      if (![...referenced.values()].some((record) => record.externalId === value))
        return reject(`${spec.references.column} ${value} does not exist`);
    }
    const table = this.tables.get(fileType)!;
    const existing = table.get(externalId);
    const { EXTERNAL_ID: _id, ...fields } = row;
    const record: LegacyRecord = existing ?? {
      erpId: `L-${String(this.nextId++).padStart(6, '0')}`,
      externalId,
      fields: {},
      importedFrom: file,
      updatedAt: '',
    };
    Object.assign(record.fields, fields);
    record.importedFrom = file;
    record.updatedAt = new Date().toISOString();
    table.set(externalId, record);
    return {
      ROW: String(number),
      EXTERNAL_ID: externalId,
      STATUS: 'ACCEPTED',
      ERP_ID: record.erpId,
      MESSAGE: existing ? 'updated' : 'created',
    };
  }
}
