import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErpError } from '../erp-error';
import { callErp, type ErpHttpCall } from '../erp-http-call';
import { configureEgress, egressFetch } from './egress-fetch';
import { STRICT_EGRESS } from './egress-policy';

/** The ErpError a call failed with (the test fails if the call succeeded). */
async function failureOf(call: Promise<unknown>): Promise<ErpError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ErpError);
  return outcome as ErpError;
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function webhookCall(url: string, fetchImpl?: typeof fetch): ErpHttpCall {
  return {
    ...(fetchImpl ? { fetchImpl } : {}),
    tenantId: 't1',
    erp: 'webhook',
    erpName: 'webhook',
    operation: 'upsert',
    url,
    init: { method: 'POST', body: '{}' },
    timeoutMs: 5000,
    errorFrom: async (response) => new ErpError('validation', 'webhook', 'upsert', `answered ${response.status}`),
  };
}

describe('ERP calls against a real HTTP server', () => {
  let internal: { server: Server; url: string };
  let redirecting: { server: Server; url: string };
  let internalHits = 0;
  let lastRequest: Record<string, string | undefined> = {};

  beforeAll(async () => {
    internal = await listen((request, response) => {
      internalHits += 1;
      let received = '';
      request.on('data', (chunk: Buffer) => (received += chunk.toString()));
      request.on('end', () => {
        lastRequest = {
          method: request.method,
          contentLength: request.headers['content-length'],
          contentType: request.headers['content-type'],
          received,
        };
        response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end('{"secret":"internal"}');
      });
    });
    // A "partner" endpoint that answers every call with a redirect to an internal address.
    redirecting = await listen((_request, response) => response.writeHead(302, { location: `${internal.url}/admin` }).end());
  });
  afterAll(async () => {
    configureEgress(STRICT_EGRESS);
    await Promise.all([internal, redirecting].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });
  beforeEach(() => {
    internalHits = 0;
  });

  it.each([
    ['egressFetch', undefined],
    ['the global fetch', fetch],
  ])('does not follow a redirect to 127.0.0.1 (%s): a permanent failure naming the status', async (_name, fetchImpl) => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const failure = await failureOf(callErp(webhookCall(`${redirecting.url}/ep`, fetchImpl)));
    expect(failure).toBeInstanceOf(ErpError);
    expect(failure).toMatchObject({ errorClass: 'validation', permanent: true, details: { status: 302, erpCode: 'REDIRECT_REFUSED' } });
    expect((failure as ErpError).message).toContain('HTTP 302');
    expect(internalHits).toBe(0);
  });

  it('refuses a host name that resolves to 127.0.0.1 when the local-development switch is off: judged on the socket, after DNS', async () => {
    configureEgress(STRICT_EGRESS);
    // egressFetch itself (no URL check before it): "localhost" is resolved by DNS, and the lookup hook refuses the answer.
    const port = new URL(internal.url).port;
    const failure = await egressFetch(`http://localhost:${port}/`, { method: 'GET' }).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure as Error).cause)).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(internalHits).toBe(0);
  });

  it('lets the operator allow-list name a host that resolves to loopback', async () => {
    configureEgress({ localDevelopment: false, allowList: ['localhost'] });
    const response = await egressFetch(`http://localhost:${new URL(internal.url).port}/`);
    expect(response.status).toBe(200);
    await response.text();
  });

  it('turns a refused DNS answer into a permanent ErpError that names the reason, with nothing sent', async () => {
    configureEgress(STRICT_EGRESS);
    // hooks.example.com passes the URL check; the connection then resolves to loopback (as a rebinding name would).
    const port = new URL(internal.url).port;
    const rebinding: typeof fetch = (_url, init) => egressFetch(`http://localhost:${port}/`, init);
    const failure = await failureOf(callErp(webhookCall('https://hooks.example.com/ep', rebinding)));
    expect(failure).toMatchObject({ errorClass: 'validation', details: { erpCode: 'EGRESS_REFUSED', ambiguous: false } });
    expect(failure.message).toContain('a loopback address');
    expect(internalHits).toBe(0);
  });

  it('refuses a literal loopback address before connecting', async () => {
    configureEgress(STRICT_EGRESS);
    const failure = await failureOf(callErp(webhookCall(`https://127.0.0.1:${new URL(internal.url).port}/`)));
    expect(failure).toMatchObject({ errorClass: 'validation', details: { erpCode: 'EGRESS_REFUSED' } });
    expect(failure.message).toContain('127.0.0.1 is a loopback address');
    expect(internalHits).toBe(0);
  });

  it('reaches loopback simulators with the local-development switch on, headers and body intact', async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const response = await callErp(webhookCall(`${internal.url}/ep`));
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ secret: 'internal' });
    expect(lastRequest).toEqual({ method: 'POST', contentLength: '2', contentType: undefined, received: '{}' });
    const form = await egressFetch(`${internal.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    await form.text();
    expect(lastRequest).toMatchObject({
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      received: 'grant_type=client_credentials',
    });
  });

  it('with local development narrowed to ports, reaches a simulator port and refuses any other loopback port', async () => {
    const simulatorPort = Number(new URL(internal.url).port);
    configureEgress({ localDevelopment: true, allowList: [], localPorts: [simulatorPort] });
    const response = await egressFetch(`http://localhost:${simulatorPort}/`);
    expect(response.status).toBe(200);
    await response.text();
    const redirectPort = new URL(redirecting.url).port;
    const failure = await egressFetch(`http://localhost:${redirectPort}/`).catch((error: unknown) => error as Error);
    expect(String((failure as Error).cause)).toContain(`loopback only on ports ${simulatorPort}`);
  });

  it('refuses the cloud metadata address even with the local-development switch on', async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const failure = await failureOf(callErp(webhookCall('http://169.254.169.254/latest/meta-data/')));
    expect(failure).toMatchObject({ errorClass: 'validation', details: { erpCode: 'EGRESS_REFUSED' } });
    expect(failure.message).toContain('link-local');
  });
});
