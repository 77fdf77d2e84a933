import {
  AccessTokenCache,
  ErpError,
  callErp,
  followNextPage,
  nextPage,
  readErpErrorText,
  readErpJson,
  readErpJsonOrEmpty,
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
  sendToErp,
} from '@ferry/erp-core';

const API = '/api/data/v9.2';
const SYSTEM_FIELDS = new Set(['modifiedon', 'createdon', 'versionnumber']);

/** The primary key column of an entity set: accounts → accountid, msdyn_payments → msdyn_paymentid. */
export function primaryKeyOf(entitySet: string): string {
  return `${entitySet.replace(/ies$/, 'y').replace(/s$/, '')}id`;
}

function erpRecordOf(row: Record<string, unknown>, recordType: string, alternateKey: string): ErpRecord {
  const fields = Object.fromEntries(
    Object.entries(row).filter(([name]) => !name.startsWith('@') && !SYSTEM_FIELDS.has(name) && name !== primaryKeyOf(recordType)),
  );
  return {
    erpRecordId: String(row[primaryKeyOf(recordType)]),
    externalId: typeof row[alternateKey] === 'string' ? (row[alternateKey] as string) : null,
    fields,
    ...(typeof row['modifiedon'] === 'string' ? { lastModified: row['modifiedon'] } : {}),
  };
}

/** An OData Edm.DateTimeOffset literal (unquoted, UTC), from any instant Date can parse. */
export function dateTimeOffset(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new ErpError('validation', 'dynamics365', 'list', `not an instant: ${instant}`);
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Dynamics 365 / Dataverse Web API: Entra ID client-credentials token (secret), upsert by PATCH on Ferry's
 * alternate key (settings.alternateKey, default ferry_externalid) returning the record and its @odata.etag,
 * optimistic concurrency with If-Match, @odata.nextLink paging, and Dataverse's errors classified.
 */
export class Dynamics365Connector implements ErpConnector {
  readonly erpKind = 'dynamics365';
  readonly changeCursor = 'modifiedon';
  private readonly tokens = new AccessTokenCache();

  constructor(
    private readonly fetchImpl: typeof fetch = egressFetch,
    private readonly timeoutMs = 30_000,
    private readonly pageSize = 5000,
  ) {}

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const key = `${connection.settings['alternateKey'] ?? 'ferry_externalid'}=${odataString(request.externalId)}`;
    const url = `${this.root(connection)}/${encodeURIComponent(request.recordType)}(${encodeURIComponent(key)})`;
    let response: Response;
    try {
      response = await this.call(connection, 'upsert', url, {
        method: 'PATCH',
        headers: { Prefer: 'return=representation', ...(request.expectedVersion ? { 'If-Match': request.expectedVersion } : {}) },
        body: JSON.stringify(request.payload),
      });
    } catch (error) {
      throw error instanceof ErpError ? withDataverseMissingReference(error, request) : error;
    }
    const body = await readErpJson<Record<string, unknown>>(response, { erp: 'dynamics365', operation: 'upsert' });
    const id = body[primaryKeyOf(request.recordType)];
    if (typeof id !== 'string')
      throw new ErpError('retryable', 'dynamics365', 'upsert', 'Dataverse answered the upsert without the record id');
    return { erpRecordId: id, ...(typeof body['@odata.etag'] === 'string' ? { erpVersion: body['@odata.etag'] } : {}) };
  }

  async listRecords(connection: ErpConnectionContext, recordType: string, filter?: string): Promise<ErpRecord[]> {
    const alternateKey = connection.settings['alternateKey'] ?? 'ferry_externalid';
    const records: ErpRecord[] = [];
    let url: string | undefined =
      `${this.root(connection)}/${encodeURIComponent(recordType)}${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`;
    for (let pagesRead = 1; url; pagesRead++) {
      const response: Response = await this.call(connection, 'list', url, {
        method: 'GET',
        headers: { Prefer: `odata.maxpagesize=${this.pageSize}` },
      });
      const page = await readErpJson<{ value: Record<string, unknown>[]; '@odata.nextLink'?: string }>(response, {
        erp: 'dynamics365',
        operation: 'list',
      });
      for (const row of page.value) records.push(erpRecordOf(row, recordType, alternateKey));
      url = followNextPage(
        'dynamics365',
        'list',
        nextPage({ baseUrl: this.root(connection), currentUrl: url, next: page['@odata.nextLink'], pagesRead }),
      );
    }
    return records;
  }

  /**
   * Keyset pages ordered by the alternate key: `$filter=<key> gt '<last>'&$orderby=<key>`, one request per page,
   * resumable from any key. Dataverse sorts by its SQL collation (case-insensitive): ids that differ only in case
   * come out of code-unit order, which the caller detects and reports rather than mis-merging. With `changedSince`,
   * `and modifiedon ge <instant>` (an Edm.DateTimeOffset literal, unquoted) keeps only records changed since.
   */
  async *readInExternalIdOrder(
    connection: ErpConnectionContext,
    recordType: string,
    options: ExternalIdPaging,
  ): AsyncGenerator<ErpRecord[]> {
    const alternateKey = connection.settings['alternateKey'] ?? 'ferry_externalid';
    let after = options.afterExternalId;
    for (;;) {
      const keyset = after === undefined ? `${alternateKey} ne null` : `${alternateKey} gt ${odataString(after)}`;
      const filter = options.changedSince === undefined ? keyset : `${keyset} and modifiedon ge ${dateTimeOffset(options.changedSince)}`;
      const url = `${this.root(connection)}/${encodeURIComponent(recordType)}?$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent(`${alternateKey} asc`)}`;
      const response = await this.call(connection, 'list', url, {
        method: 'GET',
        headers: { Prefer: `odata.maxpagesize=${options.pageSize}` },
      });
      const page = await readErpJson<{ value: Record<string, unknown>[]; '@odata.nextLink'?: string }>(response, {
        erp: 'dynamics365',
        operation: 'list',
      });
      const records = page.value.map((row) => erpRecordOf(row, recordType, alternateKey)).filter((record) => record.externalId !== null);
      if (records.length > 0) yield records;
      if (!page['@odata.nextLink'] || records.length === 0) return;
      after = records[records.length - 1]!.externalId!;
    }
  }

  async lookup(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<ErpRecord | undefined> {
    const alternateKey = connection.settings['alternateKey'] ?? 'ferry_externalid';
    const [record] = await this.listRecords(connection, recordType, `${alternateKey} eq ${odataString(externalId)}`);
    return record;
  }

  async listChangedSince(connection: ErpConnectionContext, recordType: string, since: string | undefined): Promise<ErpRecord[]> {
    const records = await this.listRecords(connection, recordType, since ? `modifiedon ge ${since}` : undefined);
    return records.sort((a, b) => (a.lastModified ?? '').localeCompare(b.lastModified ?? ''));
  }

  private root(connection: ErpConnectionContext): string {
    return `${(connection.settings['environmentUrl'] ?? connection.baseUrl).replace(/\/$/, '')}${API}`;
  }

  private accessToken(connection: ErpConnectionContext): Promise<string> {
    return this.tokens.get(connection, async () => {
      const { tenantDirectoryId, clientId } = connection.settings;
      const clientSecret = connection.credentials['clientSecret'];
      if (!clientId || !clientSecret || (!tenantDirectoryId && !connection.settings['tokenUrl'])) {
        throw new ErpError(
          'auth_revoked',
          'dynamics365',
          'token',
          'Dynamics connection needs settings.clientId, settings.tenantDirectoryId (or tokenUrl) and the clientSecret credential',
        );
      }
      const tokenUrl = connection.settings['tokenUrl'] ?? `https://login.microsoftonline.com/${tenantDirectoryId}/oauth2/v2.0/token`;
      const environmentUrl = (connection.settings['environmentUrl'] ?? connection.baseUrl).replace(/\/$/, '');
      // The token URL is a tenant setting like the base URL: the same egress policy (and no redirects) applies.
      const response = await sendToErp({
        fetchImpl: this.fetchImpl,
        erp: 'dynamics365',
        erpName: 'Entra ID',
        operation: 'token',
        url: tokenUrl,
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
            scope: `${environmentUrl}/.default`,
          }),
        },
        timeoutMs: 15_000,
        changesNothing: true,
      });
      const body = (await readErpJsonOrEmpty(response, { erp: 'dynamics365', operation: 'token' })) as {
        access_token?: string;
        expires_in?: number;
        error?: string;
        error_description?: string;
      };
      if (!response.ok || !body.access_token) {
        throw new ErpError(
          response.status >= 500 ? 'retryable' : 'auth_revoked',
          'dynamics365',
          'token',
          `Entra ID refused the token request: ${response.status} ${erpErrorText(body.error, 100) ?? ''} ${erpErrorText(body.error_description) ?? ''}`.trim(),
          {
            status: response.status,
            ...(erpErrorText(body.error, 100) ? { erpCode: erpErrorText(body.error, 100) } : {}),
          },
        );
      }
      return { token: body.access_token, expiresInSeconds: Number(body.expires_in ?? 3599) };
    });
  }

  private async call(
    connection: ErpConnectionContext,
    operation: string,
    url: string,
    init: RequestInit,
    refreshed = false,
  ): Promise<Response> {
    const token = await this.accessToken(connection);
    try {
      return await callErp({
        fetchImpl: this.fetchImpl,
        tenantId: connection.tenantId,
        erp: 'dynamics365',
        erpName: 'Dataverse',
        operation,
        url,
        init: {
          ...init,
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'OData-Version': '4.0',
            'OData-MaxVersion': '4.0',
            ...init.headers,
            Authorization: `Bearer ${token}`,
          },
        },
        timeoutMs: this.timeoutMs,
        errorFrom: dataverseErrorFrom,
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

/** Dataverse errors: { error: { code: "0x…", message } }; 429s carry Retry-After (service protection limits). */
export async function dataverseErrorFrom(response: Response, operation: string): Promise<ErpError> {
  const text = await readErpErrorText(response, 'dynamics365', operation);
  let error: { code?: string; message?: string } = {};
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
  } catch {
    // 401s from Dataverse have no body; proxies answer HTML.
  }
  const status = response.status;
  const errorClass: ErpErrorClass =
    status === 429
      ? 'throttled'
      : status === 401
        ? 'auth_expired'
        : status === 403
          ? 'auth_revoked'
          : status === 404
            ? 'not_found'
            : status === 412 || status === 409
              ? 'conflict'
              : status >= 400 && status < 500
                ? 'validation'
                : 'retryable';
  const code = erpErrorText(error.code, 100);
  const path = /property '([^']+)'|column '([^']+)'/.exec(erpErrorText(error.message) ?? '');
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  return new ErpError(
    errorClass,
    'dynamics365',
    operation,
    `Dataverse ${operation} failed: ${status}${code ? ` ${code}` : ''}: ${erpErrorText(error.message) ?? unreadableErrorAnswer(status)}`,
    {
      status,
      ...(code ? { erpCode: code } : {}),
      ...(path ? { erpPath: path[1] ?? path[2]! } : {}),
      ...(errorClass === 'throttled' || status === 503 ? { retryAfterMs: retryAfter ?? 5000 } : {}),
    },
  );
}

/**
 * An upsert Dataverse refused with "record does not exist" (404 0x80040217), read against the request: an upsert
 * without If-Match creates a missing record, so what does not exist is a record the payload binds a lookup to
 * (@odata.bind to its Ferry alternate key), typically an order that overtook its account: a missing reference,
 * retried for a while. With If-Match the record itself may be gone, which stays not_found.
 */
export function withDataverseMissingReference(error: ErpError, request: Pick<UpsertRequest, 'payload' | 'expectedVersion'>): ErpError {
  if (error.errorClass !== 'not_found' || error.details.erpCode !== '0x80040217' || request.expectedVersion) return error;
  const bindings = Object.entries(request.payload).filter(([name, value]) => name.endsWith('@odata.bind') && typeof value === 'string');
  if (bindings.length === 0) return error;
  return new ErpError(
    'missing_reference',
    error.erpKind,
    error.operation,
    `${error.message} (a record it refers to, ${bindings.map(([, value]) => String(value)).join(' or ')}, is not in Dataverse (yet))`,
    { ...error.details, cause: error },
  );
}
