import { randomBytes, randomUUID } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { NetSuiteConnector, NetSuiteTokenProvider } from '@ferry/erp-netsuite';
import { metricsRegistry } from '@ferry/metrics';
import { createNetSuiteSimulator } from '@ferry/netsuite-simulator';
import { serve } from './http-server';

/** Contract of Ferry's NetSuite adapter against the NetSuite simulator, over HTTP, for both auth methods. */
describe('NetSuite connector contract', () => {
  const { app, store } = createNetSuiteSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let oauth2: ErpConnectionContext;
  let tba: ErpConnectionContext;
  let tokenRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    if (String(input).includes('/auth/oauth2/v1/token')) tokenRequests += 1;
    return fetch(input, init);
  };
  const connector = new NetSuiteConnector(new NetSuiteTokenProvider(countingFetch), fetch, 5_000, 10);
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const faults = async (body: Record<string, unknown>) =>
    fetch(`${server.url}/__admin/accounts/${account}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const customer = (name: string, subsidiary = '1') => ({ companyName: name, subsidiary: { id: subsidiary }, email: 'ap@example.com' });

  beforeAll(async () => {
    server = await serve(app);
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const tbaToken = {
      consumerKey: randomUUID(),
      consumerSecret: randomBytes(16).toString('hex'),
      tokenId: randomUUID(),
      tokenSecret: randomBytes(16).toString('hex'),
    };
    await store.create({
      accountId: account,
      clients: [{ clientId: 'client-1', certificateId: 'cert-1', publicKeyPem: await exportSPKI(publicKey) }],
      tbaTokens: [tbaToken],
    });
    const base = { tenantId: 'contract-tenant', erpKind: 'netsuite', baseUrl: `${server.url}/${account}` };
    oauth2 = {
      ...base,
      connectionId: 'm2m',
      authKind: 'oauth2_client_credentials_jwt',
      settings: { clientId: 'client-1', certificateId: 'cert-1' },
      credentials: { privateKeyPem: await exportPKCS8(privateKey) },
    };
    tba = {
      ...base,
      connectionId: 'tba',
      authKind: 'oauth1_tba',
      settings: { consumerKey: tbaToken.consumerKey, tokenId: tbaToken.tokenId, realm: account },
      credentials: { consumerSecret: tbaToken.consumerSecret, tokenSecret: tbaToken.tokenSecret },
    };
  });

  afterAll(async () => server.close());
  afterEach(async () => {
    await faults({});
  });

  it.each([
    ['OAuth 2.0 client credentials (JWT assertion)', () => oauth2],
    ['token-based authentication (OAuth 1.0a HMAC-SHA256)', () => tba],
  ])('creates, then updates the same record on a re-send, with %s', async (_label, connection) => {
    const externalId = `ferry-${randomUUID()}`;
    const created = await connector.upsert(connection(), { recordType: 'customer', externalId, payload: customer('Initech') });
    const updated = await connector.upsert(connection(), { recordType: 'customer', externalId, payload: customer('Initech Corp') });
    await connector.upsert(connection(), { recordType: 'customer', externalId, payload: customer('Initech Corp') });
    expect(updated.erpRecordId).toBe(created.erpRecordId);
    const held = [...store.get(account)!.table('customer').values()].filter((record) => record.externalId === externalId);
    expect(held).toHaveLength(1);
    expect(held[0]!.fields['companyName']).toBe('Initech Corp');
    const read = await connector.getRecord(connection(), 'customer', created.erpRecordId);
    expect(read).toMatchObject({ externalId, fields: { companyName: 'Initech Corp', subsidiary: { id: '1', refName: 'Parent Company' } } });
  });

  it('pages through SuiteQL with offset and hasMore', async () => {
    for (let i = 0; i < 23; i += 1)
      await connector
        .upsert(oauth2, { recordType: 'invoice', externalId: `inv-${i}`, payload: { entity: { externalId: 'none' } } })
        .catch(() => undefined);
    for (let i = 0; i < 23; i += 1)
      await connector.upsert(oauth2, { recordType: 'customer', externalId: `page-${i}`, payload: customer(`Page ${i}`) });
    const rows = await connector.suiteql(oauth2, "SELECT id, externalid FROM customer WHERE companyname >= 'Page' ORDER BY id");
    expect(rows.filter((row) => String(row['externalid']).startsWith('page-'))).toHaveLength(23);
    expect((await connector.listRecords(oauth2, 'customer')).length).toBe(store.get(account)!.table('customer').size);
  });

  it('classifies a rejected field as a validation error with NetSuite’s code, path and message', async () => {
    const error = await failure(
      connector.upsert(oauth2, { recordType: 'customer', externalId: 'bad-sub', payload: customer('Bad', '99') }),
    );
    expect(error).toBeInstanceOf(ErpError);
    expect(error).toMatchObject({
      errorClass: 'validation',
      permanent: true,
      details: { status: 400, erpCode: 'INVALID_VALUE', erpPath: 'subsidiary' },
    });
    expect(error.message).toContain('Invalid Field Value 99 for the following field: subsidiary');
  });

  it('classifies the concurrency limit as throttled, honouring Retry-After when NetSuite sends one', async () => {
    await faults({ throttleRate: 1 });
    expect(await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 't1', payload: customer('T') }))).toMatchObject({
      errorClass: 'throttled',
      details: { erpCode: 'CONCURRENCY_LIMIT_EXCEEDED', retryAfterMs: 1000 },
    });
    await faults({ throttleRate: 1, retryAfterSeconds: 7 });
    expect(
      (await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 't1', payload: customer('T') }))).details.retryAfterMs,
    ).toBe(7000);
  });

  it('refreshes an expired token once and carries on', async () => {
    await connector.upsert(oauth2, { recordType: 'customer', externalId: 'refresh', payload: customer('Refresh') });
    const before = tokenRequests;
    await fetch(`${server.url}/__admin/accounts/${account}/tokens/expire`, { method: 'POST' });
    await connector.upsert(oauth2, { recordType: 'customer', externalId: 'refresh', payload: customer('Refresh 2') });
    expect(tokenRequests).toBe(before + 1);
  });

  it('classifies revoked credentials as auth_revoked, and a revoked TBA token as a login failure', async () => {
    await fetch(`${server.url}/__admin/accounts/${account}/tba-tokens/${tba.settings['tokenId']}/revoke`, { method: 'POST' });
    expect(await failure(connector.upsert(tba, { recordType: 'customer', externalId: 'r', payload: customer('R') }))).toMatchObject({
      errorClass: 'auth_expired',
      details: { erpCode: 'INVALID_LOGIN' },
    });
    await fetch(`${server.url}/__admin/accounts/${account}/clients/client-1/revoke`, { method: 'POST' });
    await fetch(`${server.url}/__admin/accounts/${account}/tokens/expire`, { method: 'POST' });
    expect(await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 'r', payload: customer('R') }))).toMatchObject({
      errorClass: 'auth_revoked',
      permanent: true,
    });
    store.get(account)!.clients.get('client-1')!.revoked = false;
  });

  it('classifies maintenance and server errors as retryable', async () => {
    await faults({ maintenance: true });
    expect(await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 'm', payload: customer('M') }))).toMatchObject({
      errorClass: 'retryable',
      details: { status: 503 },
    });
    await faults({ errorRate: 1 });
    expect(await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 'm', payload: customer('M') }))).toMatchObject({
      errorClass: 'retryable',
      details: { status: 500, erpCode: 'UNEXPECTED_ERROR' },
    });
  });

  it('marks a connection reset after the write as ambiguous: retryable, and the record was in fact written', async () => {
    await faults({ resetAfterWrite: true });
    const error = await failure(
      connector.upsert(oauth2, { recordType: 'customer', externalId: 'ambiguous-1', payload: customer('Ambiguous') }),
    );
    expect(error).toMatchObject({ errorClass: 'retryable', details: { ambiguous: true } });
    expect(store.get(account)!.findByExternalId('customer', 'ambiguous-1')).toBeDefined();
  });

  it('looks a record up by external id after an ambiguous write, and finds nothing for an id never written', async () => {
    await faults({ resetAfterWrite: true });
    await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 'ambiguous-2', payload: customer('Looked Up') }));
    await faults({});
    const found = await connector.lookup(oauth2, 'customer', 'ambiguous-2');
    expect(found).toMatchObject({ externalId: 'ambiguous-2', fields: expect.objectContaining({ companyName: 'Looked Up' }) });
    expect(found!.erpRecordId).toBe(store.get(account)!.findByExternalId('customer', 'ambiguous-2')!.id);
    expect(await connector.lookup(oauth2, 'customer', 'never-written')).toBeUndefined();
  });

  it('reports schema drift (a renamed field) as a validation error naming the field', async () => {
    await faults({ renamedFields: { companyName: 'companyName2' } });
    expect(
      await failure(connector.upsert(oauth2, { recordType: 'customer', externalId: 'drift', payload: customer('Drift') })),
    ).toMatchObject({
      errorClass: 'validation',
      details: { erpPath: 'companyName' },
    });
  });

  it('records a metric per call, labelled by tenant, ERP, operation and outcome', async () => {
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(
      /ferry_erp_requests_total\{tenant_id="contract-tenant",erp="netsuite",operation="upsert",outcome="ok",status_code="204"\} \d+/,
    );
    expect(metrics).toMatch(
      /ferry_erp_requests_total\{tenant_id="contract-tenant",erp="netsuite",operation="upsert",outcome="throttled",status_code="429"\} \d+/,
    );
  });
});
