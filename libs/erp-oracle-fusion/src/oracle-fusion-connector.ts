import {
  ErpError,
  callErp,
  followNextPage,
  nextPage,
  readErpErrorText,
  readErpJson,
  retryAfterMs,
  type ErpConnectionContext,
  type ErpConnector,
  type ErpErrorClass,
  type ErpRecord,
  type ExternalIdPaging,
  type UpsertRequest,
  type UpsertResult,
  erpErrorText,
  unreadableErrorAnswer,
  egressFetch,
} from '@ferry/erp-core';

const VERSION = '11.13.18.05';
/** Resources served by the CX (crmRestApi) rather than the ERP (fscmRestApi) application. */
const CRM_RESOURCES = new Set(['accounts', 'contacts']);
const SYSTEM_FIELDS = new Set(['links', 'CreationDate', 'LastUpdateDate', 'SourceSystem', 'SourceSystemReferenceValue']);

function erpRecordOf(item: Record<string, unknown>): ErpRecord {
  const self = (item['links'] as { rel: string; href: string }[] | undefined)?.find((link) => link.rel === 'self')?.href ?? '';
  const id = self.split('/').pop() ?? '';
  return {
    erpRecordId: id,
    externalId: typeof item['SourceSystemReferenceValue'] === 'string' ? item['SourceSystemReferenceValue'] : null,
    fields: Object.fromEntries(Object.entries(item).filter(([name, value]) => !SYSTEM_FIELDS.has(name) && String(value) !== id)),
    ...(typeof item['LastUpdateDate'] === 'string' ? { lastModified: item['LastUpdateDate'] } : {}),
  };
}

export function oracleResourcePath(recordType: string): string {
  return `/${CRM_RESOURCES.has(recordType) ? 'crmRestApi' : 'fscmRestApi'}/resources/${VERSION}/${recordType}`;
}

/**
 * Oracle Fusion Cloud REST: basic authentication, upsert with POST + Upsert-Mode: true keyed on the
 * SourceSystem / SourceSystemReferenceValue cross-reference Ferry stamps on every record, ADF errors read
 * with REST-Framework-Version 4, limit/offset/hasMore paging.
 */
export class OracleFusionConnector implements ErpConnector {
  readonly erpKind = 'oracle_fusion';

  constructor(
    private readonly fetchImpl: typeof fetch = egressFetch,
    private readonly timeoutMs = 30_000,
    private readonly pageSize = 500,
  ) {}

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const response = await this.call(connection, 'upsert', `${this.base(connection)}${oracleResourcePath(request.recordType)}`, {
      method: 'POST',
      headers: { 'Upsert-Mode': 'true', 'Content-Type': 'application/vnd.oracle.adf.resourceitem+json' },
      body: JSON.stringify({
        ...request.payload,
        SourceSystem: connection.settings['sourceSystem'] ?? 'FERRY',
        SourceSystemReferenceValue: request.externalId,
      }),
    });
    const body = await readErpJson<Record<string, unknown>>(response, { erp: 'oracle_fusion', operation: 'upsert' });
    const erpRecordId = response.headers.get('location')?.split('/').pop();
    if (!erpRecordId) throw new ErpError('retryable', 'oracle_fusion', 'upsert', 'Oracle answered the upsert without a Location header');
    return { erpRecordId, ...(typeof body['LastUpdateDate'] === 'string' ? { erpVersion: body['LastUpdateDate'] } : {}) };
  }

  async lookup(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<ErpRecord | undefined> {
    const records = await this.listRecords(connection, recordType, `SourceSystemReferenceValue='${externalId.replace(/'/g, "''")}'`);
    return records[0];
  }

  /**
   * Records updated at or after `since`: `q=LastUpdateDate>='…'` with `orderBy=LastUpdateDate:asc`, paged
   * with limit / offset while `hasMore`. At or after, not after: a record updated in the same instant as the
   * last one read is not missed (the cursor drops the ones it already took).
   */
  async listChangedSince(connection: ErpConnectionContext, recordType: string, since: string | undefined): Promise<ErpRecord[]> {
    const q = since ? `LastUpdateDate>='${since.replace(/'/g, "''")}'` : undefined;
    return this.listRecords(connection, recordType, q, 'LastUpdateDate:asc');
  }

  /** `q`: the REST framework's row filter, e.g. LastUpdateDate > '2026-01-01T00:00:00Z'. */
  async listRecords(connection: ErpConnectionContext, recordType: string, q?: string, orderBy?: string): Promise<ErpRecord[]> {
    const records: ErpRecord[] = [];
    const pageUrl = (offset: number) =>
      `${this.base(connection)}${oracleResourcePath(recordType)}?${new URLSearchParams({
        limit: String(this.pageSize),
        offset: String(offset),
        ...(q ? { q } : {}),
        ...(orderBy ? { orderBy } : {}),
      }).toString()}`;
    let url: string | undefined = pageUrl(0);
    for (let pagesRead = 1; url; pagesRead++) {
      const response: Response = await this.call(connection, 'list', url, { method: 'GET' });
      const page = await readErpJson<{ items: Record<string, unknown>[]; hasMore: boolean }>(response, {
        erp: 'oracle_fusion',
        operation: 'list',
      });
      for (const item of page.items) records.push(erpRecordOf(item));
      const next = page.hasMore ? pageUrl(pagesRead * this.pageSize) : undefined;
      url = followNextPage('oracle_fusion', 'list', nextPage({ baseUrl: this.base(connection), currentUrl: url, next, pagesRead }));
    }
    return records;
  }

  /**
   * Keyset pages on Ferry's cross-reference: `q=SourceSystemReferenceValue>'<last>'` and
   * `orderBy=SourceSystemReferenceValue:asc`, one request per page, resumable from any key.
   */
  async *readInExternalIdOrder(
    connection: ErpConnectionContext,
    recordType: string,
    options: ExternalIdPaging,
  ): AsyncGenerator<ErpRecord[]> {
    let after = options.afterExternalId;
    for (;;) {
      const query = new URLSearchParams({
        limit: String(Math.min(options.pageSize, 500)),
        orderBy: 'SourceSystemReferenceValue:asc',
        ...(after !== undefined ? { q: `SourceSystemReferenceValue>'${after.replace(/'/g, "''")}'` } : {}),
      });
      const response = await this.call(
        connection,
        'list',
        `${this.base(connection)}${oracleResourcePath(recordType)}?${query.toString()}`,
        {
          method: 'GET',
        },
      );
      const page = await readErpJson<{ items: Record<string, unknown>[]; hasMore: boolean }>(response, {
        erp: 'oracle_fusion',
        operation: 'list',
      });
      const items = page.items.map(erpRecordOf);
      const records = items.filter((record) => record.externalId !== null);
      if (records.length > 0) yield records;
      if (!page.hasMore || items.length === 0) return;
      const last = items[items.length - 1]!.externalId;
      if (last === null) return;
      after = last;
    }
  }

  private base(connection: ErpConnectionContext): string {
    return connection.baseUrl.replace(/\/$/, '');
  }

  private async call(connection: ErpConnectionContext, operation: string, url: string, init: RequestInit): Promise<Response> {
    const { username } = connection.settings;
    const password = connection.credentials['password'];
    if (!username || !password)
      throw new ErpError(
        'auth_revoked',
        'oracle_fusion',
        operation,
        'Oracle connection needs settings.username and the password credential',
      );
    return callErp({
      fetchImpl: this.fetchImpl,
      tenantId: connection.tenantId,
      erp: 'oracle_fusion',
      erpName: 'Oracle',
      operation,
      url,
      init: {
        ...init,
        headers: {
          Accept: 'application/json',
          'REST-Framework-Version': '4',
          ...init.headers,
          Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        },
      },
      timeoutMs: this.timeoutMs,
      errorFrom: oracleErrorFrom,
    });
  }
}

/** ADF error documents: title, status and o:errorDetails (detail, o:errorCode, o:errorPath). */
export async function oracleErrorFrom(response: Response, operation: string): Promise<ErpError> {
  const text = await readErpErrorText(response, 'oracle_fusion', operation);
  let first: { detail?: string; 'o:errorCode'?: string; 'o:errorPath'?: string } | undefined;
  try {
    first = (JSON.parse(text) as { 'o:errorDetails'?: (typeof first)[] })['o:errorDetails']?.[0];
  } catch {
    // HTML maintenance pages and empty 401s.
  }
  const status = response.status;
  // Basic authentication has no token to refresh: a 401 means the user or password is no longer accepted.
  const errorClass: ErpErrorClass =
    status === 429
      ? 'throttled'
      : status === 401 || status === 403
        ? 'auth_revoked'
        : status === 404
          ? 'not_found'
          : status === 409 || status === 412
            ? 'conflict'
            : status >= 400 && status < 500
              ? 'validation'
              : 'retryable';
  const code = erpErrorText(first?.['o:errorCode'], 100);
  const path = erpErrorText(first?.['o:errorPath'], 200);
  return new ErpError(
    errorClass,
    'oracle_fusion',
    operation,
    `Oracle ${operation} failed: ${status}${code ? ` ${code}` : ''}${path ? ` at ${path}` : ''}: ${erpErrorText(first?.detail) ?? unreadableErrorAnswer(status)}`,
    {
      status,
      ...(code ? { erpCode: code } : {}),
      ...(path ? { erpPath: path } : {}),
      ...(errorClass === 'throttled' || status === 503 ? { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) ?? 1000 } : {}),
    },
  );
}
