import express, { type Request, type Response } from 'express';
import { dataverseError, dispatch, type ODataRequest, type ODataResponse } from './dataverse-api';
import { parseBatch, runBatch } from './dataverse-batch';
import { DEFAULT_DATAVERSE_FAULTS, DataverseEnvironment, closeRecord, type DataverseFaults } from './dataverse-store';

const API_PREFIX = '/api/data/v9.2';

function param(request: Request, name: string): string {
  const value = request.params[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

function send(response: Response, result: ODataResponse): void {
  response.status(result.status).set(result.headers);
  if (result.body === undefined) response.end();
  else response.send(JSON.stringify(result.body));
}

const THROTTLE: Record<DataverseFaults['throttleKind'], [string, string]> = {
  requests: ['0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.'],
  execution_time: [
    '0x80072321',
    'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.',
  ],
  concurrency: ['0x80072326', 'Number of concurrent requests exceeded the limit of 52.'],
};

/**
 * Dataverse environments speaking the Web API (OData v4): Entra ID client-credentials tokens, upsert by alternate
 * key with If-Match / If-None-Match, ETags, $batch with change sets, @odata.nextLink paging, service-protection
 * 429s with Retry-After and Dataverse's error codes. Environment URLs are http://127.0.0.1:<port>/<env>/api/data/v9.2
 * (real: https://<env>.crm.dynamics.com/api/data/v9.2); the token endpoint is /<directoryId>/oauth2/v2.0/token.
 */
export function createDataverseSimulator() {
  const environments = new Map<string, DataverseEnvironment>();
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));

  const admin = express.Router();
  admin.use(express.json());
  admin.post('/environments', (request, response) => {
    const body = request.body as { name?: string; directoryId?: string; clients?: { clientId: string; clientSecret: string }[] };
    if (!body.name || !body.directoryId) return void response.status(400).json({ error: 'name and directoryId are required' });
    const environment = new DataverseEnvironment(body.name, body.directoryId);
    for (const client of body.clients ?? [])
      environment.clients.set(client.clientId, { clientSecret: client.clientSecret, revoked: false });
    environments.set(body.name, environment);
    response.status(201).json({ name: body.name });
  });
  admin.get('/environments/:name/tables/:entitySet', (request, response) => {
    const table = environments.get(param(request, 'name'))?.tables.get(param(request, 'entitySet'));
    if (!table) return void response.status(404).json({ error: 'no such environment or table' });
    response.json([...table.values()]);
  });
  admin.patch('/environments/:name/tables/:entitySet/:id', (request, response) => {
    const environment = environments.get(param(request, 'name'));
    const record = environment?.tables.get(param(request, 'entitySet'))?.get(param(request, 'id'));
    if (!environment || !record) return void response.status(404).json({ error: 'no such record' });
    response.json(environment.write(param(request, 'entitySet'), record, request.body as Record<string, unknown>));
  });
  /**
   * Finance marks an invoice paid (`/invoices/:id/pay`) or fulfilment closes an order (`/salesorders/:id/fulfill`),
   * in full or, with { partial: true }, in part: the state Dataverse's close actions leave.
   */
  for (const [entitySet, action] of [
    ['invoices', 'pay'],
    ['salesorders', 'fulfill'],
  ] as const) {
    admin.post(`/environments/:name/${entitySet}/:id/${action}`, (request, response) => {
      const environment = environments.get(param(request, 'name'));
      const record = environment?.tables.get(entitySet)?.get(param(request, 'id'));
      if (!environment || !record) return void response.status(404).json({ error: 'no such record' });
      const partial = (request.body as { partial?: unknown } | undefined)?.partial ?? false;
      if (typeof partial !== 'boolean') return void response.status(400).json({ error: 'partial must be a boolean' });
      const closed = closeRecord(entitySet, record, partial);
      if ('refused' in closed) return void response.status(409).json({ error: closed.refused });
      response.json(environment.write(entitySet, record, closed.attributes));
    });
  }
  admin.put('/environments/:name/faults', (request, response) => {
    const environment = environments.get(param(request, 'name'));
    if (!environment) return void response.status(404).json({ error: 'no such environment' });
    environment.faults = { ...DEFAULT_DATAVERSE_FAULTS, ...(request.body as Partial<DataverseFaults>) };
    response.json(environment.faults);
  });
  admin.post('/environments/:name/tokens/expire', (request, response) => {
    const environment = environments.get(param(request, 'name'));
    if (!environment) return void response.status(404).json({ error: 'no such environment' });
    for (const token of environment.tokens.values()) token.expiresAt = 0;
    response.status(204).end();
  });
  admin.post('/environments/:name/clients/:clientId/revoke', (request, response) => {
    const client = environments.get(param(request, 'name'))?.clients.get(param(request, 'clientId'));
    if (!client) return void response.status(404).json({ error: 'no such client' });
    client.revoked = true;
    response.status(204).end();
  });
  app.use('/__admin', admin);

  // Microsoft Entra ID token endpoint (client credentials with a client secret).
  app.post('/:directoryId/oauth2/v2.0/token', express.urlencoded({ extended: false }), (request, response) => {
    const body = request.body as Record<string, string | undefined>;
    // Real scopes are https://<env>.crm.dynamics.com/.default; here the environment URL ends with /<env>.
    const environment = [...environments.values()].find(
      (candidate) =>
        candidate.directoryId === param(request, 'directoryId') && (body['scope'] ?? '').endsWith(`/${candidate.name}/.default`),
    );
    const client = environment?.clients.get(body['client_id'] ?? '');
    if (body['grant_type'] !== 'client_credentials')
      return void response
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: 'AADSTS70003: grant_type must be client_credentials.' });
    if (!environment || !client || client.revoked || client.clientSecret !== body['client_secret']) {
      return void response
        .status(401)
        .json({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided, or unknown client or scope.' });
    }
    const { token, ttl } = environment.issueToken(body['client_id']!);
    response.json({ token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: token });
  });

  const api = express.Router({ mergeParams: true });
  api.use(async (request, response, next) => {
    const environment = environments.get(param(request, 'environment'));
    if (!environment) return void send(response, dataverseError(404, '0x80040217', 'Unknown environment.'));
    const { faults } = environment;
    if (faults.maintenance)
      return void send(
        response,
        dataverseError(503, '0x80040216', 'The organization is in maintenance mode. Try again later.', { 'Retry-After': '30' }),
      );
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const token = /^Bearer (.+)$/.exec(request.get('authorization') ?? '')?.[1];
    const grant = token ? environment.tokens.get(token) : undefined;
    if (!grant || grant.expiresAt <= Date.now() || environment.clients.get(grant.clientId)?.revoked) {
      return void response.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
    }
    if (Math.random() < faults.throttleRate) {
      const [code, message] = THROTTLE[faults.throttleKind];
      return void send(response, dataverseError(429, code, message, { 'Retry-After': String(faults.retryAfterSeconds) }));
    }
    if (Math.random() < faults.errorRate) return void send(response, dataverseError(500, '0x80040216', 'An unexpected error occurred.'));
    response.locals['environment'] = environment;
    next();
  });
  api.post('/$batch', express.text({ type: () => true, limit: '10mb' }), (request, response) => {
    const environment = response.locals['environment'] as DataverseEnvironment;
    const boundary = /boundary=([^\s;]+)/i.exec(request.get('content-type') ?? '')?.[1];
    if (!boundary)
      return void send(response, dataverseError(400, '0x80060888', 'A $batch request must be multipart/mixed with a boundary.'));
    const root = `${request.protocol}://${request.get('host')}${request.baseUrl}`;
    const result = runBatch(
      parseBatch(String(request.body), boundary),
      (operation): ODataRequest => {
        const url = new URL(operation.url, `${root}/`);
        const path = url.pathname.slice(url.pathname.indexOf(API_PREFIX) === -1 ? 0 : url.pathname.indexOf(API_PREFIX) + API_PREFIX.length);
        return {
          method: operation.method,
          path: path.startsWith('/') ? path : `/${path}`,
          query: url.searchParams,
          headers: operation.headers,
          body: operation.body ? (JSON.parse(operation.body) as unknown) : undefined,
          serviceRoot: root,
        };
      },
      (odata) => dispatch(environment, odata),
      (work, failed) => {
        const snapshot = new Map(
          [...environment.tables.entries()].map(([name, table]) => [
            name,
            new Map([...table.entries()].map(([id, record]) => [id, structuredClone(record)])),
          ]),
        );
        const outcome = work();
        if (failed(outcome)) for (const [name, table] of snapshot) environment.tables.set(name, table);
        return outcome;
      },
    );
    response
      .status(200)
      .set({ 'Content-Type': `multipart/mixed; boundary=${result.boundary}`, 'OData-Version': '4.0' })
      .send(result.body);
  });
  api.use(express.json({ type: () => true, limit: '10mb' }), (request, response) => {
    const environment = response.locals['environment'] as DataverseEnvironment;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]),
    );
    const query = new URL(request.originalUrl, 'http://x').searchParams;
    const result = dispatch(environment, {
      method: request.method,
      path: decodeURIComponent(request.path),
      query,
      headers,
      body: request.body,
      serviceRoot: `${request.protocol}://${request.get('host')}${request.baseUrl}`,
    });
    if (environment.faults.resetAfterWrite && request.method !== 'GET' && result.status < 300) return void response.socket?.destroy();
    send(response, result);
  });
  app.use(`/:environment${API_PREFIX}`, api);
  return { app, environments };
}
