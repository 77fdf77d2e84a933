import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { AccountStore, DEFAULT_FAULTS, type AccountState, type Faults, type StoredRecord } from './account-store';
import { fieldLengthProblems } from './field-lengths';
import { CONCURRENCY_LIMIT, INVALID_LOGIN, netsuiteError, type ErrorDetail } from './netsuite-errors';
import { SuiteQlError, parseSuiteQl, runSuiteQl } from './suiteql';
import { verifyTba } from './token-based-auth';
import { TransactionError, payInvoice, shipOrder, transactionTableRecords, workRound } from './transactions';

/**
 * A stateful NetSuite account (or several) speaking the REST web services wire protocol:
 * - OAuth 2.0 client credentials (machine-to-machine): POST …/auth/oauth2/v1/token with a JWT client assertion
 *   signed by the certificate's private key (kid = certificate id, iss = client id, aud = token URL, scope).
 * - Record API under …/services/rest/record/v1: PUT …/<type>/eid:<externalId> upserts, POST creates, PATCH updates,
 *   GET reads; writes answer 204 No Content with a Location header naming the record's internal id.
 * - SuiteQL under …/services/rest/query/v1/suiteql (Prefer: transient), paged with limit/offset, hasMore and links.
 * - Errors as NetSuite sends them (see netsuite-errors.ts); the per-account concurrency limit answers 429
 *   CONCURRENCY_LIMIT_EXCEEDED.
 * Real account URLs are https://<account>.suitetalk.api.netsuite.com; here the account id is the first path
 * segment: http://127.0.0.1:<port>/<account>/services/rest/…
 */

type Rule = (fields: Record<string, unknown>, account: AccountState) => ErrorDetail[];

/** Express 5 types a route parameter as string | string[] (for wildcards); ours are always single segments. */
function param(request: Request, name: string): string {
  const value = request.params[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

const referenceId = (value: unknown): string | undefined =>
  value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : undefined;

const required = (label: string, path: string): ErrorDetail => ({
  detail: `Please enter value(s) for: ${label}`,
  'o:errorCode': 'USER_ERROR',
  'o:errorPath': path,
});

const invalidReference = (value: string, path: string): ErrorDetail => ({
  detail: `Invalid Field Value ${value} for the following field: ${path}`,
  'o:errorCode': 'INVALID_VALUE',
  'o:errorPath': path,
});

/**
 * A reference field naming a customer by internal id ({ "id": "107" }) or by external id
 * ({ "externalId": "ferry-cust-1" }). NetSuite REST accepts external ids in references; if an account rejects
 * them, templates fall back to a look-up of the internal id (not needed against this simulator).
 */
function entityRule(field: string): Rule {
  return (fields, account) => {
    const reference = fields[field] as { id?: unknown; externalId?: unknown } | undefined;
    if (reference?.externalId !== undefined) {
      return account.findByExternalId('customer', String(reference.externalId))
        ? []
        : [invalidReference(String(reference.externalId), field)];
    }
    const id = referenceId(fields[field]);
    if (id === undefined) return [required('Customer', field)];
    return account.table('customer').has(id) ? [] : [invalidReference(id, field)];
  };
}

/** Field rules per record type: only the ones NetSuite enforces on the fields Ferry writes. */
const RECORD_RULES: Record<string, Rule> = {
  customer: (fields, account) => {
    const problems: ErrorDetail[] = [];
    if (!fields['isPerson'] && !fields['companyName']) problems.push(required('Company Name', 'companyName'));
    const subsidiary = referenceId(fields['subsidiary']);
    if (subsidiary === undefined) problems.push(required('Primary Subsidiary', 'subsidiary'));
    else if (!account.subsidiaries[subsidiary]) problems.push(invalidReference(subsidiary, 'subsidiary'));
    const email = fields['email'];
    if (typeof email === 'string' && email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      problems.push({ detail: 'Please enter a valid email address.', 'o:errorCode': 'INVALID_FLD_VALUE', 'o:errorPath': 'email' });
    }
    return problems;
  },
  salesOrder: entityRule('entity'),
  invoice: entityRule('entity'),
  customerPayment: entityRule('customer'),
  itemFulfillment: () => [],
};

const JSON_TYPE = 'application/vnd.oracle.resource+json; type=singular';

function recordUrl(request: Request, recordType: string, id: string): string {
  return `${request.protocol}://${request.get('host')}/${param(request, 'accountId')}/services/rest/record/v1/${recordType}/${id}`;
}

function presentRecord(request: Request, recordType: string, record: StoredRecord, account: AccountState): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [stored, value] of Object.entries(record.fields)) {
    const name = account.faults.renamedFields[stored] ?? stored;
    if (account.faults.removedFields.includes(stored)) continue;
    const id = referenceId(value);
    // NetSuite expands references with refName and a link; subsidiaries are the reference Ferry writes most.
    fields[name] = id !== undefined && name === 'subsidiary' ? { ...(value as object), refName: account.subsidiaries[id] ?? id } : value;
  }
  return {
    links: [{ rel: 'self', href: recordUrl(request, recordType, record.id) }],
    id: record.id,
    externalId: record.externalId ?? undefined,
    dateCreated: record.dateCreated,
    lastModifiedDate: record.lastModifiedDate,
    ...fields,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function adminRouter(store: AccountStore): Router {
  const admin = express.Router();
  admin.use(express.json());
  admin.post('/accounts', async (request, response) => {
    const body = request.body as Parameters<AccountStore['create']>[0];
    if (!body?.accountId) return void response.status(400).json({ error: 'accountId is required' });
    const account = await store.create(body);
    response.status(201).json({ accountId: account.accountId, clients: [...account.clients.keys()] });
  });
  admin.delete('/accounts/:accountId', (request, response) => {
    response.status(store.delete(param(request, 'accountId')) ? 204 : 404).end();
  });
  admin.post('/accounts/:accountId/clients', async (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    await store.addClient(account, request.body);
    response.status(201).json({ clientId: request.body.clientId });
  });
  admin.post('/accounts/:accountId/clients/:clientId/revoke', (request, response) => {
    const client = store.get(param(request, 'accountId'))?.clients.get(param(request, 'clientId'));
    if (!client) return void response.status(404).json({ error: 'no such client' });
    client.revoked = true;
    response.status(204).end();
  });
  admin.post('/accounts/:accountId/tba-tokens/:tokenId/revoke', (request, response) => {
    const token = store.get(param(request, 'accountId'))?.tbaTokens.get(param(request, 'tokenId'));
    if (!token) return void response.status(404).json({ error: 'no such token' });
    token.revoked = true;
    response.status(204).end();
  });
  admin.put('/accounts/:accountId/subsidiaries', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    account.subsidiaries = request.body as Record<string, string>;
    response.json(account.subsidiaries);
  });
  admin.post('/accounts/:accountId/tokens/expire', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    for (const token of account.tokens.values()) token.expiresAt = 0;
    response.status(204).end();
  });
  admin.put('/accounts/:accountId/faults', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    account.faults = { ...DEFAULT_FAULTS, ...(request.body as Partial<Faults>) };
    if (typeof request.body?.concurrencyLimit === 'number') account.concurrencyLimit = request.body.concurrencyLimit;
    response.json(account.faults);
  });
  /** How hard Ferry pressed the account: requests in flight now and at the most, and concurrency refusals. */
  admin.get('/accounts/:accountId/stats', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    const { inFlight, peakInFlight, concurrencyRefusals, concurrencyLimit } = account;
    response.json({ inFlight, peakInFlight, concurrencyRefusals, concurrencyLimit });
  });
  admin.get('/accounts/:accountId/records/:recordType', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    response.json([...account.table(param(request, 'recordType')).values()]);
  });
  /** Creates a record as a finance user would in the NetSuite UI, outside Ferry (inbound tests). */
  admin.post('/accounts/:accountId/records/:recordType', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    const { externalId = null, ...fields } = request.body as Record<string, unknown>;
    response.status(201).json(account.create(param(request, 'recordType'), externalId === null ? null : String(externalId), fields));
  });
  /** Edits a record as a finance user would in the NetSuite UI, outside Ferry (drift and inbound tests). */
  admin.patch('/accounts/:accountId/records/:recordType/:id', (request, response) => {
    const record = store.get(param(request, 'accountId'))?.table(param(request, 'recordType')).get(param(request, 'id'));
    if (!record) return void response.status(404).json({ error: 'no such record' });
    const account = store.get(param(request, 'accountId'))!;
    response.json(account.update(record, request.body as Record<string, unknown>));
  });
  /** Finance applies a customer payment to an invoice: body { amount? } (default: the whole amount remaining). */
  admin.post('/accounts/:accountId/invoices/:id/pay', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    const amount = (request.body as { amount?: unknown } | undefined)?.amount;
    if (amount !== undefined && typeof amount !== 'number') return void response.status(400).json({ error: 'amount must be a number' });
    try {
      response.status(201).json(payInvoice(account, param(request, 'id'), amount));
    } catch (error) {
      if (!(error instanceof TransactionError)) throw error;
      response.status(error.status).json({ error: error.message });
    }
  });
  /** The warehouse ships a sales order in full: body { trackingNumber?, carrier? }. */
  admin.post('/accounts/:accountId/salesOrders/:id/ship', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    const { trackingNumber, carrier } = (request.body ?? {}) as { trackingNumber?: unknown; carrier?: unknown };
    if ((trackingNumber !== undefined && typeof trackingNumber !== 'string') || (carrier !== undefined && typeof carrier !== 'string'))
      return void response.status(400).json({ error: 'trackingNumber and carrier must be strings' });
    try {
      response.status(201).json(shipOrder(account, param(request, 'id'), { trackingNumber, carrier }));
    } catch (error) {
      if (!(error instanceof TransactionError)) throw error;
      response.status(error.status).json({ error: error.message });
    }
  });
  /**
   * The background team: body { enabled, intervalMs? (default 10000) }. While on, every interval it pays the
   * oldest open invoice and ships the oldest order awaiting fulfilment, so the return path shows live.
   */
  admin.put('/accounts/:accountId/activity', (request, response) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void response.status(404).json({ error: 'no such account' });
    const { enabled, intervalMs = 10_000 } = (request.body ?? {}) as { enabled?: unknown; intervalMs?: unknown };
    if (typeof enabled !== 'boolean' || typeof intervalMs !== 'number' || !(intervalMs >= 100))
      return void response.status(400).json({ error: 'enabled must be a boolean and intervalMs a number of at least 100' });
    clearInterval(account.activity);
    account.activity = enabled ? setInterval(() => workRound(account), intervalMs).unref() : undefined;
    response.json({ enabled, intervalMs });
  });
  return admin;
}

async function issueToken(store: AccountStore, request: Request, response: Response): Promise<void> {
  const account = store.get(param(request, 'accountId'));
  const body = request.body as Record<string, string | undefined>;
  const oauthError = (status: number, error: string, description: string) =>
    response.status(status).json({ error, error_description: description });
  if (!account) return void oauthError(400, 'invalid_request', 'Unknown account.');
  if (body['grant_type'] !== 'client_credentials')
    return void oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  if (body['client_assertion_type'] !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !body['client_assertion']) {
    return void oauthError(
      400,
      'invalid_request',
      'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer with a client_assertion',
    );
  }
  try {
    const header = decodeProtectedHeader(body['client_assertion']);
    const client = [...account.clients.values()].find((candidate) => candidate.certificateId === header.kid);
    if (!client) return void oauthError(400, 'invalid_client', 'Unknown certificate id (kid).');
    if (client.revoked) return void oauthError(400, 'invalid_client', 'The integration record or certificate has been revoked.');
    const tokenUrl = `${request.protocol}://${request.get('host')}${request.originalUrl}`;
    const { payload } = await jwtVerify(body['client_assertion'], client.publicKey, {
      issuer: client.clientId,
      audience: tokenUrl,
      algorithms: [client.algorithm],
    });
    const scope = Array.isArray(payload['scope']) ? payload['scope'] : String(payload['scope'] ?? '').split(/[\s,]+/);
    if (!scope.includes('rest_webservices')) return void oauthError(400, 'invalid_scope', 'scope must include rest_webservices');
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > 3600) {
      return void oauthError(400, 'invalid_grant', 'The assertion must carry iat and exp at most 3600 seconds apart.');
    }
    const { token, ttl } = account.issueToken(client.clientId);
    response.json({ access_token: token, expires_in: String(ttl), token_type: 'bearer' });
  } catch (error) {
    oauthError(400, 'invalid_grant', `The client assertion is not valid: ${(error as Error).message}`);
  }
}

/** Account lookup, maintenance, latency, the concurrency limit, injected faults and bearer auth, in NetSuite's order. */
function gate(store: AccountStore) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const account = store.get(param(request, 'accountId'));
    if (!account) return void netsuiteError(response, 404, [{ detail: 'Unknown account.', 'o:errorCode': 'INVALID_ACCOUNT' }]);
    const { faults } = account;
    if (faults.maintenance) {
      return void response
        .status(503)
        .set('Content-Type', 'text/html')
        .send('<html><body>NetSuite is undergoing scheduled maintenance.</body></html>');
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const overLimit = account.inFlight >= account.concurrencyLimit;
    if (overLimit) account.concurrencyRefusals += 1;
    if (overLimit || Math.random() < faults.throttleRate) {
      // Under load NetSuite sometimes reports its concurrency limit as a failed login.
      if (Math.random() < faults.concurrencyAs401Rate) return void netsuiteError(response, 401, [INVALID_LOGIN]);
      const retryAfter: Record<string, string> =
        faults.retryAfterSeconds === null ? {} : { 'Retry-After': String(faults.retryAfterSeconds) };
      return void netsuiteError(response, 429, [CONCURRENCY_LIMIT], retryAfter);
    }
    if (!authenticated(request, account)) return void netsuiteError(response, 401, [INVALID_LOGIN]);
    if (Math.random() < faults.errorRate) {
      return void netsuiteError(response, 500, [
        { detail: 'An unexpected error occurred. Error ID: sim-injected', 'o:errorCode': 'UNEXPECTED_ERROR' },
      ]);
    }
    account.inFlight += 1;
    account.peakInFlight = Math.max(account.peakInFlight, account.inFlight);
    response.on('close', () => (account.inFlight -= 1));
    response.locals['account'] = account;
    next();
  };
}

/** Token-based authentication (OAuth 1.0a, HMAC-SHA256) or an OAuth 2.0 bearer token from the token endpoint. */
function authenticated(request: Request, account: AccountState): boolean {
  const header = request.get('authorization') ?? '';
  if (header.startsWith('OAuth ')) return verifyTba(request, account.accountId, account.tbaTokens, account.seenNonces).ok;
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  const grant = token ? account.tokens.get(token) : undefined;
  return Boolean(grant && grant.expiresAt > Date.now() && !account.clients.get(grant.clientId)?.revoked);
}

/** Writes that name a field the account renamed or removed are refused, as NetSuite refuses unknown fields. */
function driftProblems(fields: Record<string, unknown>, account: AccountState): ErrorDetail[] {
  const { renamedFields, removedFields } = account.faults;
  return Object.keys(fields)
    .filter((field) => field in renamedFields || removedFields.includes(field))
    .map((field) => ({
      // Wording modelled on NetSuite's answer to an unknown body field; the exact code may differ by release.
      detail: `Invalid field name: ${field}${renamedFields[field] ? ` (the account now calls it ${renamedFields[field]})` : ''}.`,
      'o:errorCode': 'INVALID_FIELD',
      'o:errorPath': field,
    }));
}

function writeRecord(request: Request, response: Response, mode: 'upsert' | 'create' | 'update'): void {
  const account = response.locals['account'] as AccountState;
  const recordType = param(request, 'recordType');
  const rule = RECORD_RULES[recordType];
  if (!rule)
    return void netsuiteError(response, 404, [
      { detail: `The record type [${recordType}] is invalid.`, 'o:errorCode': 'INVALID_RCRD_TYPE' },
    ]);
  const body = request.body as Record<string, unknown>;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return void netsuiteError(response, 400, [{ detail: 'Invalid content in the request body.', 'o:errorCode': 'INVALID_CONTENT' }]);
  }
  const { externalId: bodyExternalId, id: _ignoredId, links: _ignoredLinks, ...fields } = body;
  let record: StoredRecord | undefined;
  let externalId: string | null = typeof bodyExternalId === 'string' ? bodyExternalId : null;
  const key = param(request, 'key');
  if (mode === 'upsert') {
    externalId = key.slice('eid:'.length);
    record = account.findByExternalId(recordType, externalId);
  } else if (mode === 'update') {
    record = key.startsWith('eid:') ? account.findByExternalId(recordType, key.slice(4)) : account.table(recordType).get(key);
    if (!record)
      return void netsuiteError(response, 404, [{ detail: `Record with id ${key} does not exist.`, 'o:errorCode': 'NONEXISTENT_ID' }]);
  } else if (externalId && account.findByExternalId(recordType, externalId)) {
    return void netsuiteError(response, 400, [
      { detail: `A record with external ID ${externalId} already exists.`, 'o:errorCode': 'DUP_RCRD', 'o:errorPath': 'externalId' },
    ]);
  }
  const merged = { ...(record?.fields ?? {}), ...fields };
  const problems = [...driftProblems(fields, account), ...rule(merged, account), ...fieldLengthProblems(recordType, fields)];
  if (problems.length > 0) return void netsuiteError(response, 400, problems);
  const saved = record ? account.update(record, fields) : account.create(recordType, externalId, fields);
  // The ambiguous timeout: the record is written, but the caller never hears back.
  if (account.faults.resetAfterWrite) return void response.socket?.destroy();
  response
    .status(204)
    .set('Location', recordUrl(request, recordType, saved.id))
    .end();
}

export function createNetSuiteSimulator(store: AccountStore = new AccountStore()): { app: express.Express; store: AccountStore } {
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));
  app.use('/__admin', adminRouter(store));
  app.post(
    '/:accountId/services/rest/auth/oauth2/v1/token',
    express.urlencoded({ extended: false }),
    (request, response) => void issueToken(store, request, response),
  );

  const api = express.Router({ mergeParams: true });
  api.use(gate(store));
  api.use(express.json({ type: () => true, limit: '10mb' }));
  api.put('/record/v1/:recordType/:key', (request, response) => {
    const key = param(request, 'key');
    writeRecord(request, response, key.startsWith('eid:') ? 'upsert' : 'update');
  });
  api.post('/record/v1/:recordType', (request, response) => writeRecord(request, response, 'create'));
  api.patch('/record/v1/:recordType/:key', (request, response) => writeRecord(request, response, 'update'));
  api.get('/record/v1/:recordType', (request, response) => {
    const account = response.locals['account'] as AccountState;
    const recordType = param(request, 'recordType');
    if (!RECORD_RULES[recordType])
      return void netsuiteError(response, 404, [
        { detail: `The record type [${recordType}] is invalid.`, 'o:errorCode': 'INVALID_RCRD_TYPE' },
      ]);
    const limit = Math.min(Number(request.query['limit'] ?? 1000), 1000);
    const offset = Number(request.query['offset'] ?? 0);
    const all = [...account.table(recordType).values()];
    const page = all.slice(offset, offset + limit);
    const base = `${request.protocol}://${request.get('host')}${request.baseUrl}/record/v1/${recordType}`;
    response
      .status(200)
      .set('Content-Type', 'application/vnd.oracle.resource+json; type=collection')
      .send(
        JSON.stringify({
          links: [
            { rel: 'self', href: `${base}?limit=${limit}&offset=${offset}` },
            ...(offset + limit < all.length ? [{ rel: 'next', href: `${base}?limit=${limit}&offset=${offset + limit}` }] : []),
          ],
          count: page.length,
          hasMore: offset + limit < all.length,
          items: page.map((record) => ({ links: [{ rel: 'self', href: recordUrl(request, recordType, record.id) }], id: record.id })),
          offset,
          totalResults: all.length,
        }),
      );
  });
  api.get('/record/v1/:recordType/:key', (request, response) => {
    const account = response.locals['account'] as AccountState;
    const recordType = param(request, 'recordType');
    const key = param(request, 'key');
    const record = key.startsWith('eid:') ? account.findByExternalId(recordType, key.slice(4)) : account.table(recordType).get(key);
    if (!record)
      return void netsuiteError(response, 404, [{ detail: `Record with id ${key} does not exist.`, 'o:errorCode': 'NONEXISTENT_ID' }]);
    response
      .status(200)
      .set('Content-Type', JSON_TYPE)
      .send(JSON.stringify(presentRecord(request, recordType, record, account)));
  });
  api.post('/query/v1/suiteql', (request, response) => {
    const account = response.locals['account'] as AccountState;
    if (!/transient/i.test(request.get('prefer') ?? '')) {
      return void netsuiteError(response, 400, [
        { detail: 'The request header Prefer: transient is required for SuiteQL queries.', 'o:errorCode': 'INVALID_HEADER' },
      ]);
    }
    const limit = Math.min(Number(request.query['limit'] ?? 1000), 1000);
    const offset = Number(request.query['offset'] ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
      return void netsuiteError(response, 400, [
        { detail: 'The offset must be a multiple of the limit.', 'o:errorCode': 'INVALID_PARAMETER' },
      ]);
    }
    try {
      const query = parseSuiteQl(String((request.body as { q?: unknown })?.q ?? ''));
      const table = query.table === 'transaction' ? transactionTableRecords(account) : [...account.table(query.table).values()];
      const rows = runSuiteQl(query, table);
      const page = rows.slice(offset, offset + limit);
      const base = `${request.protocol}://${request.get('host')}${request.baseUrl}/query/v1/suiteql`;
      const hasMore = offset + limit < rows.length;
      const links = [
        { rel: 'self', href: `${base}?limit=${limit}&offset=${offset}` },
        ...(hasMore ? [{ rel: 'next', href: `${base}?limit=${limit}&offset=${offset + limit}` }] : []),
      ];
      response
        .status(200)
        .json({ links, count: page.length, hasMore, items: page.map((row) => ({ links: [], ...row })), offset, totalResults: rows.length });
    } catch (error) {
      if (error instanceof SuiteQlError)
        return void netsuiteError(response, 400, [{ detail: error.message, 'o:errorCode': 'INVALID_SEARCH' }]);
      throw error;
    }
  });
  app.use('/:accountId/services/rest', api);
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const parseFailure = (error as { type?: string }).type === 'entity.parse.failed';
    netsuiteError(response, parseFailure ? 400 : 500, [
      parseFailure
        ? { detail: 'Invalid content in the request body: it is not valid JSON.', 'o:errorCode': 'INVALID_CONTENT' }
        : { detail: `An unexpected error occurred: ${(error as Error).message}`, 'o:errorCode': 'UNEXPECTED_ERROR' },
    ]);
  });
  return { app, store };
}
