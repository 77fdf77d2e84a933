import {
  ErpError,
  callErp,
  followNextPage,
  nextPage,
  readErpJson,
  type ErpConnectionContext,
  type ErpConnector,
  type ErpRecord,
  type ExternalIdPaging,
  type UpsertRequest,
  type UpsertResult,
  egressFetch,
} from '@ferry/erp-core';
import { netsuiteErrorFrom, withNetSuiteMissingReference } from './netsuite-errors';
import { NetSuiteTokenProvider } from './netsuite-token-provider';
import { tbaAuthorization } from './netsuite-tba';

const RECORD_PATH = '/services/rest/record/v1';
const SUITEQL_PATH = '/services/rest/query/v1/suiteql';

/**
 * Transaction record types live in SuiteQL's one `transaction` table, told apart by its `type` column; every
 * other record type is its own table.
 */
export const SUITEQL_TRANSACTION_TYPES: Readonly<Record<string, string>> = {
  salesOrder: 'SalesOrd',
  invoice: 'CustInvc',
  customerPayment: 'CustPymt',
  itemFulfillment: 'ItemShip',
};

/** The SuiteQL query for the ids of one record type changed at or after `since` (all of them without one), oldest first. */
export function changedSinceQuery(recordType: string, since: string | undefined): string {
  const transactionType = SUITEQL_TRANSACTION_TYPES[recordType];
  const conditions = [
    ...(transactionType ? [`type = '${transactionType}'`] : []),
    ...(since ? [`lastmodifieddate >= '${since.replace(/'/g, "''")}'`] : []),
  ];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT id FROM ${transactionType ? 'transaction' : recordType}${where} ORDER BY lastmodifieddate`;
}

/** Fields NetSuite adds to every record it returns; they are not part of what Ferry writes. */
const SYSTEM_FIELDS = new Set(['links', 'id', 'externalId', 'dateCreated', 'lastModifiedDate']);

/**
 * NetSuite REST record service: idempotent upsert on Ferry's external id (PUT …/<type>/eid:<id>), reads, and
 * SuiteQL listing with offset paging. Every call is measured per tenant and operation; an expired token is
 * refreshed once and the call retried; every other failure is classified into an ErpError.
 */
export class NetSuiteConnector implements ErpConnector {
  readonly erpKind = 'netsuite';

  constructor(
    private readonly tokens = new NetSuiteTokenProvider(),
    private readonly fetchImpl: typeof fetch = egressFetch,
    private readonly timeoutMs = 30_000,
    /** SuiteQL page size (NetSuite's maximum is 1000). */
    private readonly pageSize = 1000,
  ) {}

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const url = `${this.base(connection)}${RECORD_PATH}/${encodeURIComponent(request.recordType)}/eid:${encodeURIComponent(request.externalId)}`;
    let response: Response;
    try {
      response = await this.call(connection, 'upsert', url, { method: 'PUT', body: JSON.stringify(request.payload) });
    } catch (error) {
      throw error instanceof ErpError ? withNetSuiteMissingReference(error, request.payload) : error;
    }
    const location = response.headers.get('location') ?? '';
    const erpRecordId = location.split('/').pop() ?? '';
    if (!erpRecordId)
      throw new ErpError('retryable', 'netsuite', 'upsert', 'NetSuite answered the upsert without a Location header naming the record');
    return { erpRecordId };
  }

  async getRecord(connection: ErpConnectionContext, recordType: string, id: string): Promise<ErpRecord> {
    const url = `${this.base(connection)}${RECORD_PATH}/${encodeURIComponent(recordType)}/${encodeURIComponent(id)}`;
    const response = await this.call(connection, 'get', url, { method: 'GET' });
    const body = await readErpJson<Record<string, unknown>>(response, { erp: 'netsuite', operation: 'get' });
    const fields = Object.fromEntries(Object.entries(body).filter(([name]) => !SYSTEM_FIELDS.has(name)));
    return {
      erpRecordId: String(body['id']),
      externalId: typeof body['externalId'] === 'string' ? body['externalId'] : null,
      fields,
      ...(typeof body['lastModifiedDate'] === 'string' ? { lastModified: body['lastModifiedDate'] } : {}),
    };
  }

  async lookup(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<ErpRecord | undefined> {
    try {
      return await this.getRecord(connection, recordType, `eid:${externalId}`);
    } catch (error) {
      if (error instanceof ErpError && error.errorClass === 'not_found') return undefined;
      throw error;
    }
  }

  /** Runs a SuiteQL query and follows hasMore/offset paging to the end. */
  async suiteql(connection: ErpConnectionContext, query: string): Promise<Record<string, string | null>[]> {
    const rows: Record<string, string | null>[] = [];
    const pageUrl = (offset: number) => `${this.base(connection)}${SUITEQL_PATH}?limit=${this.pageSize}&offset=${offset}`;
    let url: string | undefined = pageUrl(0);
    for (let pagesRead = 1; url; pagesRead++) {
      const response: Response = await this.call(connection, 'suiteql', url, {
        method: 'POST',
        headers: { Prefer: 'transient' },
        body: JSON.stringify({ q: query }),
      });
      const page = await readErpJson<{ items?: Record<string, string | null>[]; hasMore?: boolean }>(response, {
        erp: 'netsuite',
        operation: 'suiteql',
      });
      rows.push(...(page.items ?? []).map(({ links: _links, ...row }) => row as Record<string, string | null>));
      const next = page.hasMore ? pageUrl(pagesRead * this.pageSize) : undefined;
      url = followNextPage('netsuite', 'suiteql', nextPage({ baseUrl: this.base(connection), currentUrl: url, next, pagesRead }));
    }
    return rows;
  }

  async listChangedSince(connection: ErpConnectionContext, recordType: string, since: string | undefined): Promise<ErpRecord[]> {
    if (!/^\w+$/.test(recordType)) throw new ErpError('validation', 'netsuite', 'changes', `not a NetSuite record type: ${recordType}`);
    const rows = await this.suiteql(connection, changedSinceQuery(recordType, since));
    const records: ErpRecord[] = [];
    for (const { id } of rows) if (id) records.push(await this.getRecord(connection, recordType, id));
    return records;
  }

  /**
   * Keyset pages on the external id: one SuiteQL page `SELECT id, externalid … WHERE externalid > '<last>' ORDER BY
   * externalid`, then each record by GET (SuiteQL rows are flat and name references by internal id only, so the
   * record API's shape is read, as for listRecords): memory is bounded by the page, calls are still one per record.
   */
  async *readInExternalIdOrder(
    connection: ErpConnectionContext,
    recordType: string,
    options: ExternalIdPaging,
  ): AsyncGenerator<ErpRecord[]> {
    if (!/^\w+$/.test(recordType)) throw new ErpError('validation', 'netsuite', 'list', `not a NetSuite record type: ${recordType}`);
    const limit = Math.min(options.pageSize, 1000);
    let after = options.afterExternalId;
    for (;;) {
      const where = after === undefined ? 'externalid IS NOT NULL' : `externalid > '${after.replace(/'/g, "''")}'`;
      const response = await this.call(connection, 'suiteql', `${this.base(connection)}${SUITEQL_PATH}?limit=${limit}&offset=0`, {
        method: 'POST',
        headers: { Prefer: 'transient' },
        body: JSON.stringify({ q: `SELECT id, externalid FROM ${recordType} WHERE ${where} ORDER BY externalid` }),
      });
      const page = await readErpJson<{ items?: Record<string, string | null>[]; hasMore?: boolean }>(response, {
        erp: 'netsuite',
        operation: 'suiteql',
      });
      const rows = page.items ?? [];
      const records: ErpRecord[] = [];
      for (const { id } of rows) if (id) records.push(await this.getRecord(connection, recordType, id));
      if (records.length > 0) yield records;
      const last = rows[rows.length - 1]?.['externalid'];
      if (!page.hasMore || !last) return;
      after = last;
    }
  }

  async listRecords(connection: ErpConnectionContext, recordType: string): Promise<ErpRecord[]> {
    if (!/^\w+$/.test(recordType)) throw new ErpError('validation', 'netsuite', 'list', `not a NetSuite record type: ${recordType}`);
    const ids = await this.suiteql(connection, `SELECT id FROM ${recordType} ORDER BY id`);
    const records: ErpRecord[] = [];
    for (const { id } of ids) if (id) records.push(await this.getRecord(connection, recordType, id));
    return records;
  }

  private base(connection: ErpConnectionContext): string {
    return connection.baseUrl.replace(/\/$/, '');
  }

  private async call(
    connection: ErpConnectionContext,
    operation: string,
    url: string,
    init: RequestInit,
    refreshed = false,
  ): Promise<Response> {
    const authorization =
      connection.authKind === 'oauth1_tba'
        ? tbaAuthorization(connection, init.method ?? 'GET', url)
        : `Bearer ${await this.tokens.accessToken(connection)}`;
    try {
      return await callErp({
        fetchImpl: this.fetchImpl,
        tenantId: connection.tenantId,
        erp: 'netsuite',
        erpName: 'NetSuite',
        operation,
        url,
        init: {
          ...init,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...init.headers, Authorization: authorization },
        },
        timeoutMs: this.timeoutMs,
        errorFrom: netsuiteErrorFrom,
      });
    } catch (failure) {
      if (failure instanceof ErpError && failure.errorClass === 'auth_expired' && !refreshed) {
        this.tokens.invalidate(connection);
        return this.call(connection, operation, url, init, true);
      }
      throw failure;
    }
  }
}
