import {
  ErpError,
  callErp,
  connectionConfigurationDigest,
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
  sendToErp,
} from '@ferry/erp-core';

/** The OData V2 service and key property of each record type Ferry writes or reads. */
const ENTITIES: Record<string, { service: string; key: string }> = {
  A_BusinessPartner: { service: 'API_BUSINESS_PARTNER', key: 'BusinessPartner' },
  A_SalesOrder: { service: 'API_SALES_ORDER_SRV', key: 'SalesOrder' },
  A_BillingDocument: { service: 'API_BILLING_DOCUMENT_SRV', key: 'BillingDocument' },
  A_OutbDeliveryHeader: { service: 'API_OUTBOUND_DELIVERY_SRV', key: 'DeliveryDocument' },
};
/** Items read with a changed header: the documents they come from (a billing document's order, a delivery's). */
const EXPANDED_ITEMS: Record<string, string> = { A_BillingDocument: 'to_Item', A_OutbDeliveryHeader: 'to_DeliveryDocumentItem' };
const EXTERNAL_ID_FIELD = 'YY1_FerryExternalID';

interface Session {
  token: string;
  cookies: string;
  /** connectionConfigurationDigest of the connection the session was opened for. */
  configuration: string;
}

interface V2Entity extends Record<string, unknown> {
  __metadata?: { etag?: string };
}

/** A reference to another record by Ferry's external id, resolved to its SAP key before writing. */
export interface FerryReference {
  __ferryRef: string;
  externalId: string;
}

function isReference(value: unknown): value is FerryReference {
  return typeof value === 'object' && value !== null && typeof (value as FerryReference).__ferryRef === 'string';
}

/**
 * An OData V2 date as ISO 8601: V2 JSON writes Edm.DateTime and Edm.DateTimeOffset as `/Date(<ms>[+-offset])/`
 * (the ms are UTC); an ISO string passes through. Undefined when it is neither.
 */
export function odataV2Date(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value)?.[1];
  const at = ms !== undefined ? Number(ms) : Date.parse(value);
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

/** V2 nests expanded items as { results: [...] }. */
function unwrapResults(value: unknown): unknown {
  return value && typeof value === 'object' && Array.isArray((value as { results?: unknown }).results)
    ? (value as { results: unknown[] }).results
    : value;
}

/**
 * When a record last changed. A delivery header has no LastChangeDateTime, only LastChangeDate (a day): its
 * goods issue (ActualGoodsMovementDate + ActualGoodsMovementTime) is the change the product cares about and
 * gives the instant; else the day.
 */
function changeTimeOf(row: V2Entity): string | undefined {
  const changed = odataV2Date(row['LastChangeDateTime']);
  if (changed) return changed;
  const goodsIssueDay = odataV2Date(row['ActualGoodsMovementDate'])?.slice(0, 10);
  const time = /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})S$/.exec(String(row['ActualGoodsMovementTime'] ?? ''));
  if (goodsIssueDay && time)
    return `${goodsIssueDay}T${time
      .slice(1)
      .map((part) => part!.padStart(2, '0'))
      .join(':')}.000Z`;
  return odataV2Date(row['LastChangeDate']);
}

function erpRecordOf(row: V2Entity, keyField: string): ErpRecord {
  const { __metadata: _metadata, [keyField]: key, [EXTERNAL_ID_FIELD]: externalId, ...rest } = row;
  const fields = Object.fromEntries(Object.entries(rest).map(([name, value]) => [name, unwrapResults(value)]));
  const lastModified = changeTimeOf(row);
  return {
    erpRecordId: String(key),
    externalId: typeof externalId === 'string' ? externalId : null,
    fields,
    ...(lastModified ? { lastModified } : {}),
  };
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * SAP S/4HANA Cloud OData V2 (communication user, basic auth): the CSRF token protocol (fetch with
 * X-CSRF-Token: Fetch, send it back with the session cookie; a 403 "Required" fetches a new one once), no
 * upsert — look up by YY1_FerryExternalID, then create or MERGE with If-Match — references to other records
 * by Ferry's external id resolved to SAP keys, d.results / __next paging, SAP's error body read.
 */
export class SapS4Connector implements ErpConnector {
  readonly erpKind = 'sap_s4';
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly fetchImpl: typeof fetch = egressFetch,
    private readonly timeoutMs = 30_000,
  ) {}

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const entity = this.entity(request.recordType);
    const payload = await this.resolveReferences(connection, request.payload);
    const existing = await this.findByExternalId(connection, request.recordType, request.externalId);
    const root = this.root(connection, entity.service);
    if (existing) {
      const key = String(existing[entity.key]);
      const etag = request.expectedVersion ?? existing.__metadata?.etag ?? '*';
      const { [entity.key]: _key, ...changes } = payload;
      await this.call(connection, 'update', `${root}/${request.recordType}(${odataString(key)})`, {
        method: 'PATCH',
        headers: { 'If-Match': etag },
        body: JSON.stringify(changes),
      });
      const after = await this.read(connection, `${root}/${request.recordType}(${odataString(key)})?$format=json`);
      return { erpRecordId: key, ...(after.__metadata?.etag ? { erpVersion: after.__metadata.etag } : {}) };
    }
    const response = await this.call(connection, 'create', `${root}/${request.recordType}`, {
      method: 'POST',
      body: JSON.stringify({ ...payload, [EXTERNAL_ID_FIELD]: request.externalId }),
    });
    const created = (await readErpJson<{ d: V2Entity }>(response, { erp: 'sap_s4', operation: 'create' })).d;
    return { erpRecordId: String(created[entity.key]), ...(created.__metadata?.etag ? { erpVersion: created.__metadata.etag } : {}) };
  }

  /**
   * `$filter=LastChangeDateTime ge datetimeoffset'…'&$orderby=LastChangeDateTime asc`, following __next. A
   * delivery header is filtered by its LastChangeDate (a day, the finest S/4 offers there) and the records of
   * that day changed before `since` dropped here. Billing documents and deliveries come with their items.
   */
  async listChangedSince(connection: ErpConnectionContext, recordType: string, since: string | undefined): Promise<ErpRecord[]> {
    const byDay = recordType === 'A_OutbDeliveryHeader';
    const filter = since
      ? byDay
        ? `LastChangeDate ge datetime'${since.slice(0, 10)}T00:00:00'`
        : `LastChangeDateTime ge datetimeoffset'${since}'`
      : undefined;
    const records = await this.listRecords(connection, recordType, filter, byDay ? 'LastChangeDate' : 'LastChangeDateTime');
    return records
      .filter((record) => !since || !byDay || (record.lastModified !== undefined && record.lastModified >= since))
      .sort((a, b) => (a.lastModified ?? '').localeCompare(b.lastModified ?? ''));
  }

  async listRecords(connection: ErpConnectionContext, recordType: string, filter?: string, orderBy?: string): Promise<ErpRecord[]> {
    const entity = this.entity(recordType);
    const records: ErpRecord[] = [];
    const expand = EXPANDED_ITEMS[recordType];
    let url: string | undefined =
      `${this.root(connection, entity.service)}/${recordType}?$format=json${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}` +
      `${orderBy ? `&$orderby=${orderBy}%20asc` : ''}${expand ? `&$expand=${expand}` : ''}`;
    for (let pagesRead = 1; url; pagesRead++) {
      const response: Response = await this.call(connection, 'list', url, { method: 'GET' });
      const body = await readErpJson<{ d: { results: V2Entity[]; __next?: string } }>(response, { erp: 'sap_s4', operation: 'list' });
      for (const row of body.d.results) records.push(erpRecordOf(row, entity.key));
      url = followNextPage('sap_s4', 'list', nextPage({ baseUrl: connection.baseUrl, currentUrl: url, next: body.d.__next, pagesRead }));
    }
    return records;
  }

  /** Keyset pages on YY1_FerryExternalID: `$filter gt '<last>'`, `$orderby` and `$top`, one request per page. */
  async *readInExternalIdOrder(
    connection: ErpConnectionContext,
    recordType: string,
    options: ExternalIdPaging,
  ): AsyncGenerator<ErpRecord[]> {
    const entity = this.entity(recordType);
    let after = options.afterExternalId;
    for (;;) {
      const filter = after === undefined ? '' : `&$filter=${encodeURIComponent(`${EXTERNAL_ID_FIELD} gt ${odataString(after)}`)}`;
      const url = `${this.root(connection, entity.service)}/${recordType}?$format=json${filter}&$orderby=${EXTERNAL_ID_FIELD}%20asc&$top=${options.pageSize}`;
      const response: Response = await this.call(connection, 'list', url, { method: 'GET' });
      const body = await readErpJson<{ d: { results: V2Entity[] } }>(response, { erp: 'sap_s4', operation: 'list' });
      const rows = body.d.results.map((row) => erpRecordOf(row, entity.key));
      const records = rows.filter((record) => record.externalId !== null && record.externalId !== '');
      if (records.length > 0) yield records;
      const last = rows[rows.length - 1]?.externalId;
      if (rows.length < options.pageSize || !last) return;
      after = last;
    }
  }

  async lookup(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<ErpRecord | undefined> {
    const records = await this.listRecords(connection, recordType, `${EXTERNAL_ID_FIELD} eq ${odataString(externalId)}`);
    return records[0];
  }

  async findByExternalId(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<V2Entity | undefined> {
    const entity = this.entity(recordType);
    const filter = encodeURIComponent(`${EXTERNAL_ID_FIELD} eq ${odataString(externalId)}`);
    const response = await this.call(
      connection,
      'lookup',
      `${this.root(connection, entity.service)}/${recordType}?$filter=${filter}&$top=2&$format=json`,
      { method: 'GET' },
    );
    const results = (await readErpJson<{ d: { results: V2Entity[] } }>(response, { erp: 'sap_s4', operation: 'lookup' })).d.results;
    if (results.length > 1)
      throw new ErpError(
        'conflict',
        'sap_s4',
        'lookup',
        `${results.length} ${recordType} records carry external id ${externalId}; SAP holds duplicates`,
      );
    return results[0];
  }

  private entity(recordType: string): { service: string; key: string } {
    const entity = ENTITIES[recordType];
    if (!entity)
      throw new ErpError(
        'validation',
        'sap_s4',
        'upsert',
        `Ferry does not write SAP entity ${recordType}; supported: ${Object.keys(ENTITIES).join(', ')}`,
      );
    return entity;
  }

  private root(connection: ErpConnectionContext, service: string): string {
    return `${connection.baseUrl.replace(/\/$/, '')}/sap/opu/odata/sap/${service}`;
  }

  private async resolveReferences(connection: ErpConnectionContext, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const resolved: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(payload)) {
      if (!isReference(value)) {
        resolved[field] = value;
        continue;
      }
      const target = await this.findByExternalId(connection, value.__ferryRef, value.externalId);
      if (!target)
        // The referenced record may still be on its way (an order that overtook its customer): retried for a while.
        throw new ErpError(
          'missing_reference',
          'sap_s4',
          'upsert',
          `${field} refers to ${value.__ferryRef} with external id ${value.externalId}, which SAP does not hold (yet)`,
          { erpPath: field },
        );
      resolved[field] = target[this.entity(value.__ferryRef).key];
    }
    return resolved;
  }

  private async read(connection: ErpConnectionContext, url: string): Promise<V2Entity> {
    const response = await this.call(connection, 'read', url, { method: 'GET' });
    return (await readErpJson<{ d: V2Entity }>(response, { erp: 'sap_s4', operation: 'read' })).d;
  }

  private authorization(connection: ErpConnectionContext): string {
    const user = connection.settings['communicationUser'] ?? connection.settings['username'] ?? '';
    const password = connection.credentials['password'] ?? '';
    if (!user || !password)
      throw new ErpError('auth_revoked', 'sap_s4', 'auth', 'SAP connection needs settings.communicationUser and the password credential');
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  private sessionKey(connection: ErpConnectionContext): string {
    return `${connection.tenantId}/${connection.connectionId}`;
  }

  /** X-CSRF-Token: Fetch on the service root; the token is valid with the session cookie it came with. */
  private async csrf(connection: ErpConnectionContext, url: string): Promise<Session> {
    // A session (CSRF token and cookies) belongs to the configuration it was opened with: an edited connection
    // starts a new one instead of sending the old cookies to the new destination.
    const configuration = connectionConfigurationDigest(connection);
    const cached = this.sessions.get(this.sessionKey(connection));
    if (cached?.configuration === configuration) return cached;
    this.sessions.delete(this.sessionKey(connection));
    const root = url.slice(0, url.indexOf('/', url.indexOf('/sap/opu/odata/sap/') + '/sap/opu/odata/sap/'.length) + 1) || url;
    const response = await sendToErp({
      fetchImpl: this.fetchImpl,
      erp: 'sap_s4',
      erpName: 'SAP',
      operation: 'csrf',
      url: root,
      init: {
        method: 'GET',
        headers: { Authorization: this.authorization(connection), 'X-CSRF-Token': 'Fetch', Accept: 'application/json' },
      },
      timeoutMs: this.timeoutMs,
    });
    const token = response.headers.get('x-csrf-token');
    if (!token || token === 'Required') throw await sapErrorFrom(response, 'csrf');
    const cookies = response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const session = { token, cookies, configuration };
    this.sessions.set(this.sessionKey(connection), session);
    return session;
  }

  private async call(
    connection: ErpConnectionContext,
    operation: string,
    url: string,
    init: RequestInit,
    retriedCsrf = false,
  ): Promise<Response> {
    const modifying = init.method !== 'GET';
    const session = modifying ? await this.csrf(connection, url) : undefined;
    const csrfRefused = (response: Response) => response.status === 403 && response.headers.get('x-csrf-token') === 'Required';
    const response = await callErp({
      fetchImpl: this.fetchImpl,
      tenantId: connection.tenantId,
      erp: 'sap_s4',
      erpName: 'SAP',
      operation,
      url,
      init: {
        ...init,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...init.headers,
          Authorization: this.authorization(connection),
          ...(session ? { 'X-CSRF-Token': session.token, Cookie: session.cookies } : {}),
        },
      },
      timeoutMs: this.timeoutMs,
      errorFrom: sapErrorFrom,
      // The session's CSRF token lapsed: fetch a new one once and send again.
      handsBack: (answer: Response) => csrfRefused(answer) && !retriedCsrf,
    });
    if (!csrfRefused(response)) return response;
    this.sessions.delete(this.sessionKey(connection));
    return this.call(connection, operation, url, init, true);
  }
}

/** SAP Gateway errors: { error: { code, message: { value }, innererror: { errordetails: [{ code, message, target }] } } }. */
export async function sapErrorFrom(response: Response, operation: string): Promise<ErpError> {
  const text = await readErpErrorText(response, 'sap_s4', operation);
  let error: {
    code?: string;
    message?: { value?: string } | string;
    innererror?: { errordetails?: { code?: string; message?: { value?: string } | string; target?: string }[] };
  } = {};
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
  } catch {
    // Logon pages, maintenance pages and 429s from API management are not JSON.
  }
  const detail =
    error.innererror?.errordetails?.find((d) => d.target && d.target !== '/#TRANSIENT#') ?? error.innererror?.errordetails?.[0];
  const status = response.status;
  const message = erpErrorText(typeof error.message === 'string' ? error.message : error.message?.value) ?? unreadableErrorAnswer(status);
  const errorClass: ErpErrorClass =
    status === 429
      ? 'throttled'
      : status === 401 || status === 403
        ? 'auth_revoked'
        : status === 404
          ? 'not_found'
          : status === 412 || status === 428 || status === 409
            ? 'conflict'
            : status >= 400 && status < 500
              ? 'validation'
              : 'retryable';
  const code = erpErrorText(detail?.code ?? error.code, 100);
  const target = detail?.target && detail.target !== '/#TRANSIENT#' ? erpErrorText(detail.target.replace(/^in\//, ''), 200) : undefined;
  return new ErpError(
    errorClass,
    'sap_s4',
    operation,
    `SAP ${operation} failed: ${status}${code ? ` ${code}` : ''}${target ? ` at ${target}` : ''}: ${message}`,
    {
      status,
      ...(code ? { erpCode: code } : {}),
      ...(target ? { erpPath: target } : {}),
      ...(errorClass === 'throttled' || status === 503 ? { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) ?? 5000 } : {}),
    },
  );
}
