import { randomBytes, randomUUID } from 'node:crypto';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { createDataverseSimulator } from '@ferry/dynamics365-simulator';
import { serve } from './http-server';

/** Contract of Ferry's Dynamics 365 adapter against the Dataverse simulator, over HTTP. */
describe('Dynamics 365 connector contract', () => {
  const { app, environments } = createDataverseSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new Dynamics365Connector(fetch, 5_000, 7);
  const environment = `org${randomBytes(3).toString('hex')}`;
  const directory = randomUUID();
  const faults = (body: Record<string, unknown>) =>
    fetch(`${server.url}/__admin/environments/${environment}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const accounts = () => [...environments.get(environment)!.tables.get('accounts')!.values()];

  beforeAll(async () => {
    server = await serve(app);
    await fetch(`${server.url}/__admin/environments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: environment, directoryId: directory, clients: [{ clientId: 'app-1', clientSecret: 's3cret' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'd365',
      erpKind: 'dynamics365',
      authKind: 'oauth2_client_credentials_secret',
      baseUrl: `${server.url}/${environment}`,
      settings: { clientId: 'app-1', tenantDirectoryId: directory, tokenUrl: `${server.url}/${directory}/oauth2/v2.0/token` },
      credentials: { clientSecret: 's3cret' },
    };
  });
  afterAll(async () => server.close());
  afterEach(async () => {
    await faults({});
  });

  it('creates on the alternate key, then updates the same row on a re-send, reading back id and ETag', async () => {
    const externalId = `ferry-${randomUUID()}`;
    const created = await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { name: 'Contoso' } });
    const updated = await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { name: 'Contoso Ltd' } });
    expect(updated.erpRecordId).toBe(created.erpRecordId);
    expect(created.erpVersion).toMatch(/^W\/"\d+"$/);
    expect(updated.erpVersion).not.toBe(created.erpVersion);
    expect(accounts().filter((row) => row.attributes['ferry_externalid'] === externalId)).toHaveLength(1);
  });

  it('detects a stale version with If-Match (412, conflict) and writes with the current one', async () => {
    const first = await connector.upsert(connection, { recordType: 'accounts', externalId: 'stale-1', payload: { name: 'V1' } });
    const second = await connector.upsert(connection, { recordType: 'accounts', externalId: 'stale-1', payload: { name: 'V2' } });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'accounts',
          externalId: 'stale-1',
          payload: { name: 'old' },
          expectedVersion: first.erpVersion!,
        }),
      ),
    ).toMatchObject({
      errorClass: 'conflict',
      details: { status: 412, erpCode: '0x80060882' },
    });
    await connector.upsert(connection, {
      recordType: 'accounts',
      externalId: 'stale-1',
      payload: { name: 'V3' },
      expectedVersion: second.erpVersion!,
    });
  });

  it('binds a lookup through the related row’s alternate key, and refuses one that does not exist', async () => {
    await connector.upsert(connection, { recordType: 'accounts', externalId: 'cust-1', payload: { name: 'Customer 1' } });
    await connector.upsert(connection, {
      recordType: 'salesorders',
      externalId: 'so-1',
      payload: { name: 'SO-1', 'customerid_account@odata.bind': "/accounts(ferry_externalid='cust-1')" },
    });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'salesorders',
          externalId: 'so-2',
          payload: { name: 'SO-2', 'customerid_account@odata.bind': "/accounts(ferry_externalid='nobody')" },
        }),
      ),
    ).toMatchObject({ errorClass: 'missing_reference', details: { erpCode: '0x80040217' } });
  });

  it('classifies an unknown column (schema drift) as validation, naming it', async () => {
    await faults({ removedColumns: ['telephone1'] });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'drift', payload: { name: 'X', telephone1: '1' } })),
    ).toMatchObject({
      errorClass: 'validation',
      details: { status: 400, erpCode: '0x80060888', erpPath: 'telephone1' },
    });
  });

  it.each([
    ['requests', '0x80072322'],
    ['execution_time', '0x80072321'],
    ['concurrency', '0x80072326'],
  ])('classifies the service-protection limit (%s) as throttled with its Retry-After', async (kind, code) => {
    await faults({ throttleRate: 1, throttleKind: kind, retryAfterSeconds: 3 });
    expect(await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 't', payload: { name: 'T' } }))).toMatchObject({
      errorClass: 'throttled',
      details: { status: 429, erpCode: code, retryAfterMs: 3000 },
    });
  });

  it('refreshes an expired token once; revoked client credentials are auth_revoked', async () => {
    await connector.upsert(connection, { recordType: 'accounts', externalId: 'tok', payload: { name: 'Token' } });
    await fetch(`${server.url}/__admin/environments/${environment}/tokens/expire`, { method: 'POST' });
    await connector.upsert(connection, { recordType: 'accounts', externalId: 'tok', payload: { name: 'Token 2' } });
    await fetch(`${server.url}/__admin/environments/${environment}/clients/app-1/revoke`, { method: 'POST' });
    await fetch(`${server.url}/__admin/environments/${environment}/tokens/expire`, { method: 'POST' });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'tok', payload: { name: 'Token 3' } })),
    ).toMatchObject({ errorClass: 'auth_revoked', permanent: true });
    environments.get(environment)!.clients.get('app-1')!.revoked = false;
  });

  it('marks a reset after the write as ambiguous, and maintenance as retryable', async () => {
    await faults({ resetAfterWrite: true });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'amb', payload: { name: 'Amb' } })),
    ).toMatchObject({ errorClass: 'retryable', details: { ambiguous: true } });
    expect(accounts().some((row) => row.attributes['ferry_externalid'] === 'amb')).toBe(true);
    await faults({ maintenance: true });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'amb', payload: { name: 'Amb' } })),
    ).toMatchObject({ errorClass: 'retryable', details: { status: 503 } });
  });

  it('looks a row up by its alternate key, and finds nothing for a key never written', async () => {
    const written = await connector.upsert(connection, { recordType: 'accounts', externalId: 'look-1', payload: { name: 'Look One' } });
    const found = await connector.lookup(connection, 'accounts', 'look-1');
    expect(found).toMatchObject({
      erpRecordId: written.erpRecordId,
      externalId: 'look-1',
      fields: expect.objectContaining({ name: 'Look One' }),
    });
    expect(await connector.lookup(connection, 'accounts', "o'never")).toBeUndefined();
  });

  it('lists every row by following @odata.nextLink', async () => {
    for (let i = 0; i < 16; i += 1)
      await connector.upsert(connection, { recordType: 'accounts', externalId: `list-${i}`, payload: { name: `List ${i}` } });
    const rows = await connector.listRecords(connection, 'accounts');
    expect(rows.length).toBe(accounts().length);
    expect(rows.filter((row) => row.externalId?.startsWith('list-'))).toHaveLength(16);
    expect(rows[0]!.fields).not.toHaveProperty('accountid');
  });
});
