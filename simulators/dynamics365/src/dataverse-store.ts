import { randomBytes, randomUUID } from 'node:crypto';

/** What the simulator knows of a Dataverse table: its entity set, primary key, alternate key and columns. */
export interface TableDefinition {
  entitySet: string;
  logicalName: string;
  primaryKey: string;
  alternateKey: string;
  columns: string[];
  required: string[];
  /** Navigation properties that can be bound with @odata.bind, and the table they point to. */
  lookups: Record<string, string>;
  /** MaxLength of string columns, in UTF-16 code units as Dataverse (.NET) counts: an emoji takes two. */
  maxLengths: Record<string, number>;
}

const common = ['ferry_externalid', 'statecode'];

/** The tables Ferry writes, as a Dataverse environment with Ferry's alternate key (ferry_externalid) defines them. */
export const TABLES: TableDefinition[] = [
  {
    entitySet: 'accounts',
    logicalName: 'account',
    primaryKey: 'accountid',
    alternateKey: 'ferry_externalid',
    columns: [
      ...common,
      'name',
      'accountnumber',
      'emailaddress1',
      'telephone1',
      'address1_line1',
      'address1_city',
      'address1_postalcode',
      'address1_country',
      'description',
    ],
    required: ['name'],
    lookups: {},
    maxLengths: {
      ferry_externalid: 100,
      name: 160,
      accountnumber: 20,
      emailaddress1: 100,
      telephone1: 50,
      address1_line1: 250,
      address1_city: 80,
      address1_postalcode: 20,
      address1_country: 80,
      description: 2000,
    },
  },
  {
    entitySet: 'salesorders',
    logicalName: 'salesorder',
    primaryKey: 'salesorderid',
    alternateKey: 'ferry_externalid',
    columns: [...common, 'statuscode', 'ordernumber', 'name', 'totalamount', 'requestdeliveryby', 'description'],
    required: ['name', 'customerid_account'],
    lookups: { customerid_account: 'accounts' },
    maxLengths: { ferry_externalid: 100, name: 300, description: 2000 },
  },
  {
    entitySet: 'invoices',
    logicalName: 'invoice',
    primaryKey: 'invoiceid',
    alternateKey: 'ferry_externalid',
    columns: [...common, 'statuscode', 'invoicenumber', 'name', 'totalamount', 'duedate', 'description'],
    required: ['name', 'customerid_account'],
    lookups: { customerid_account: 'accounts' },
    maxLengths: { ferry_externalid: 100, name: 300, description: 2000 },
  },
  {
    entitySet: 'msdyn_payments',
    logicalName: 'msdyn_payment',
    primaryKey: 'msdyn_paymentid',
    alternateKey: 'ferry_externalid',
    columns: [...common, 'msdyn_name', 'msdyn_amount'],
    required: ['msdyn_amount'],
    lookups: { msdyn_customer: 'accounts' },
    maxLengths: { ferry_externalid: 100, msdyn_name: 100 },
  },
];

/**
 * What Dataverse sets on a new order or invoice: Active (statecode 0) / New (statuscode 1) and the
 * auto-number (ordernumber ORD-…, invoicenumber INV-…), unless the writer gave them.
 */
export function newRecordDefaults(entitySet: string, sequence: number): Record<string, unknown> {
  switch (entitySet) {
    case 'salesorders':
      return { statecode: 0, statuscode: 1, ordernumber: `ORD-${String(sequence).padStart(5, '0')}` };
    case 'invoices':
      return { statecode: 0, statuscode: 1, invoicenumber: `INV-${String(sequence).padStart(5, '0')}` };
    default:
      return {};
  }
}

/**
 * Closing a record as Dataverse's actions do, as a finance or fulfilment user would: an invoice paid
 * (statecode 2 Paid, statuscode 100001 Complete or 100002 Partial) or an order fulfilled (statecode 3
 * Fulfilled, statuscode 100001 Complete or 100002 Partial). Answers a refusal, or the new state.
 */
export function closeRecord(
  entitySet: 'invoices' | 'salesorders',
  record: DataverseRecord,
  partial: boolean,
): { refused: string } | { attributes: Record<string, unknown> } {
  const state = record.attributes['statecode'];
  if (entitySet === 'invoices') {
    if (state !== 0) return { refused: `invoice ${record.id} is not active (statecode ${String(state)})` };
    return { attributes: { statecode: 2, statuscode: partial ? 100002 : 100001 } };
  }
  if (state !== 0 && state !== 1) return { refused: `order ${record.id} is not active or submitted (statecode ${String(state)})` };
  return { attributes: { statecode: 3, statuscode: partial ? 100002 : 100001 } };
}

export interface DataverseRecord {
  id: string;
  version: number;
  createdon: string;
  modifiedon: string;
  attributes: Record<string, unknown>;
}

export interface DataverseFaults {
  latencyMs: number;
  errorRate: number;
  /** Share of requests refused by service protection (429 with Retry-After). */
  throttleRate: number;
  /** Which service-protection limit the 429s report: requests, execution time or concurrency. */
  throttleKind: 'requests' | 'execution_time' | 'concurrency';
  retryAfterSeconds: number;
  maintenance: boolean;
  tokenTtlSeconds: number;
  resetAfterWrite: boolean;
  /** Schema drift: columns that no longer exist. */
  removedColumns: string[];
}

export const DEFAULT_DATAVERSE_FAULTS: DataverseFaults = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  throttleKind: 'requests',
  retryAfterSeconds: 5,
  maintenance: false,
  tokenTtlSeconds: 3599,
  resetAfterWrite: false,
  removedColumns: [],
};

export class DataverseEnvironment {
  readonly clients = new Map<string, { clientSecret: string; revoked: boolean }>();
  readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly tables = new Map<string, Map<string, DataverseRecord>>(TABLES.map((table) => [table.entitySet, new Map()]));
  faults: DataverseFaults = { ...DEFAULT_DATAVERSE_FAULTS };
  private version = 1000;
  private readonly sortCache = new Map<string, { version: number; records: DataverseRecord[] }>();

  constructor(
    readonly name: string,
    readonly directoryId: string,
  ) {}

  issueToken(clientId: string): { token: string; ttl: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId, expiresAt: Date.now() + this.faults.tokenTtlSeconds * 1000 });
    return { token, ttl: this.faults.tokenTtlSeconds };
  }

  findByAlternateKey(entitySet: string, key: string, value: string): DataverseRecord | undefined {
    for (const record of this.tables.get(entitySet)?.values() ?? []) if (record.attributes[key] === value) return record;
    return undefined;
  }

  /**
   * A table's records sorted by one column in code-unit order, kept until the next write: keyset paging over a
   * large table ($orderby with `gt` on the same column) then costs a binary search per page, not a sort.
   */
  sortedBy(entitySet: string, column: string): DataverseRecord[] {
    const cacheKey = `${entitySet}/${column}`;
    const cached = this.sortCache.get(cacheKey);
    if (cached && cached.version === this.version) return cached.records;
    const valueOf = (record: DataverseRecord) => String(record.attributes[column] ?? '');
    const records = [...(this.tables.get(entitySet)?.values() ?? [])].sort((a, b) => {
      const left = valueOf(a);
      const right = valueOf(b);
      return left < right ? -1 : left > right ? 1 : 0;
    });
    this.sortCache.set(cacheKey, { version: this.version, records });
    return records;
  }

  write(entitySet: string, existing: DataverseRecord | undefined, attributes: Record<string, unknown>): DataverseRecord {
    const now = new Date().toISOString();
    this.version += 1;
    if (existing) {
      Object.assign(existing.attributes, attributes);
      existing.version = this.version;
      existing.modifiedon = now;
      return existing;
    }
    const record: DataverseRecord = {
      id: randomUUID(),
      version: this.version,
      createdon: now,
      modifiedon: now,
      attributes: { ...newRecordDefaults(entitySet, this.version), ...attributes },
    };
    this.tables.get(entitySet)!.set(record.id, record);
    return record;
  }
}
