import { randomBytes } from 'node:crypto';
import { importSPKI, type KeyLike } from 'jose';
import type { TbaCredential } from './token-based-auth';
import { transactionDefaults } from './transactions';

export interface StoredRecord {
  id: string;
  externalId: string | null;
  fields: Record<string, unknown>;
  dateCreated: string;
  lastModifiedDate: string;
  /** Bumped on every write; tests read it to prove a re-send changed nothing. */
  writeCount: number;
}

export interface ClientApp {
  clientId: string;
  certificateId: string;
  publicKey: KeyLike;
  algorithm: string;
  revoked: boolean;
}

/** Switches a test flips over the admin API to make the account misbehave the way NetSuite does. */
export interface Faults {
  latencyMs: number;
  /** Share of record requests answered 500 UNEXPECTED_ERROR (0..1). */
  errorRate: number;
  /** Share of record requests answered 429 CONCURRENCY_LIMIT_EXCEEDED regardless of load (0..1). */
  throttleRate: number;
  /** Answer every request 503, as during NetSuite's scheduled maintenance. */
  maintenance: boolean;
  /** Lifetime of access tokens issued from now on (NetSuite: 3600 s). */
  tokenTtlSeconds: number;
  /** Retry-After seconds on injected 429s; NetSuite itself sends none, so the default is none. */
  retryAfterSeconds: number | null;
  /** Share of concurrency-limit refusals that surface as 401 INVALID_LOGIN, as NetSuite does under load (0..1). */
  concurrencyAs401Rate: number;
  /** Apply the write, then drop the connection before answering: the ambiguous timeout. */
  resetAfterWrite: boolean;
  /** Schema drift: field → its new name. Writes naming the old field are refused; reads show the new name. */
  renamedFields: Record<string, string>;
  /** Schema drift: fields the account no longer has. Writes naming them are refused. */
  removedFields: string[];
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  maintenance: false,
  tokenTtlSeconds: 3600,
  retryAfterSeconds: null,
  concurrencyAs401Rate: 0,
  resetAfterWrite: false,
  renamedFields: {},
  removedFields: [],
};

export class AccountState {
  readonly clients = new Map<string, ClientApp>();
  readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly tbaTokens = new Map<string, TbaCredential>();
  readonly seenNonces = new Set<string>();
  readonly records = new Map<string, Map<string, StoredRecord>>();
  faults: Faults = { ...DEFAULT_FAULTS };
  inFlight = 0;
  /** The most requests the account had in flight at once, and how many it refused for concurrency (admin stats). */
  peakInFlight = 0;
  concurrencyRefusals = 0;
  /** The background finance and warehouse team (admin `activity` switch), while it is on. */
  activity: NodeJS.Timeout | undefined;
  private nextId = 100;

  constructor(
    readonly accountId: string,
    /** Per-account concurrency limit (NetSuite: from the account's service tier, 5 for a base account). */
    public concurrencyLimit: number,
    public subsidiaries: Record<string, string>,
  ) {}

  table(recordType: string): Map<string, StoredRecord> {
    let table = this.records.get(recordType);
    if (!table) {
      table = new Map();
      this.records.set(recordType, table);
    }
    return table;
  }

  findByExternalId(recordType: string, externalId: string): StoredRecord | undefined {
    for (const record of this.table(recordType).values()) if (record.externalId === externalId) return record;
    return undefined;
  }

  create(recordType: string, externalId: string | null, fields: Record<string, unknown>): StoredRecord {
    const now = new Date().toISOString();
    const id = String(this.nextId++);
    const record: StoredRecord = {
      id,
      externalId,
      fields: transactionDefaults(recordType, id, fields, now),
      dateCreated: now,
      lastModifiedDate: now,
      writeCount: 1,
    };
    this.table(recordType).set(record.id, record);
    return record;
  }

  update(record: StoredRecord, fields: Record<string, unknown>): StoredRecord {
    Object.assign(record.fields, fields);
    record.lastModifiedDate = new Date().toISOString();
    record.writeCount += 1;
    return record;
  }

  issueToken(clientId: string): { token: string; ttl: number } {
    const token = randomBytes(24).toString('base64url');
    const ttl = this.faults.tokenTtlSeconds;
    this.tokens.set(token, { clientId, expiresAt: Date.now() + ttl * 1000 });
    return { token, ttl };
  }
}

export class AccountStore {
  private readonly accounts = new Map<string, AccountState>();

  get(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId.toUpperCase());
  }

  async create(input: {
    accountId: string;
    concurrencyLimit?: number;
    subsidiaries?: Record<string, string>;
    clients?: { clientId: string; certificateId: string; publicKeyPem: string; algorithm?: string }[];
    tbaTokens?: Omit<TbaCredential, 'revoked'>[];
  }): Promise<AccountState> {
    const account = new AccountState(
      input.accountId.toUpperCase(),
      input.concurrencyLimit ?? 5,
      input.subsidiaries ?? { '1': 'Parent Company' },
    );
    for (const client of input.clients ?? []) await this.addClient(account, client);
    for (const token of input.tbaTokens ?? []) account.tbaTokens.set(token.tokenId, { ...token, revoked: false });
    this.accounts.set(account.accountId, account);
    return account;
  }

  async addClient(
    account: AccountState,
    client: { clientId: string; certificateId: string; publicKeyPem: string; algorithm?: string },
  ): Promise<void> {
    const algorithm = client.algorithm ?? 'ES256';
    account.clients.set(client.clientId, {
      clientId: client.clientId,
      certificateId: client.certificateId,
      algorithm,
      publicKey: await importSPKI(client.publicKeyPem, algorithm),
      revoked: false,
    });
  }

  delete(accountId: string): boolean {
    clearInterval(this.get(accountId)?.activity);
    return this.accounts.delete(accountId.toUpperCase());
  }
}
