import { randomBytes, randomUUID } from 'node:crypto';
import * as soap from 'soap';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { NetSuiteSoapConnector, tokenPassport } from '@ferry/erp-netsuite';
import { createSuiteTalkSimulator } from '@ferry/suitetalk-soap-simulator';
import { serve } from './http-server';

/** Ferry's SuiteTalk SOAP adapter, and the soap package's own client, against the SOAP simulator. */
describe('SuiteTalk SOAP connector contract', () => {
  const simulator = createSuiteTalkSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new NetSuiteSoapConnector();
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const token = {
    consumerKey: randomUUID(),
    consumerSecret: randomBytes(16).toString('hex'),
    tokenId: randomUUID(),
    tokenSecret: randomBytes(16).toString('hex'),
  };
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const faults = (body: Record<string, unknown>) =>
    fetch(`${server.url}/__admin/accounts/${account}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await serve(simulator.app);
    simulator.attach(server.httpServer);
    await fetch(`${server.url}/__admin/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ accountId: account, tokens: [token] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'soap',
      erpKind: 'netsuite_soap',
      authKind: 'token_passport',
      baseUrl: `${server.url}/services/NetSuitePort`,
      settings: { accountId: account, consumerKey: token.consumerKey, tokenId: token.tokenId },
      credentials: { consumerSecret: token.consumerSecret, tokenSecret: token.tokenSecret },
    };
  });
  afterAll(async () => server.close());
  afterEach(async () => {
    await faults({});
  });

  it('upserts by externalId: the re-send updates the same record', async () => {
    const first = await connector.upsert(connection, {
      recordType: 'customer',
      externalId: 'soap-1',
      payload: { companyName: 'Soap Co', subsidiary: { id: '1' } },
    });
    const second = await connector.upsert(connection, {
      recordType: 'customer',
      externalId: 'soap-1',
      payload: { companyName: 'Soap Company' },
    });
    expect(second.erpRecordId).toBe(first.erpRecordId);
    const stored = simulator.accounts.get(account)!.records.get('customer')!.get('soap-1')!;
    expect(stored.fields).toEqual({ companyName: 'Soap Company', subsidiary: '{"id":"1"}' });
  });

  it('classifies an isSuccess="false" answer as validation with SuiteTalk’s code, faults as auth or throttling', async () => {
    expect(
      await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'soap-2', payload: { email: 'x@example.com' } })),
    ).toMatchObject({ errorClass: 'validation', details: { erpCode: 'USER_ERROR' } });
    await faults({ concurrencyLimit: true });
    expect(
      await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'soap-3', payload: { companyName: 'C' } })),
    ).toMatchObject({ errorClass: 'throttled', details: { erpCode: 'WS_CONCUR_SESSION_DISALLWD' } });
    await faults({});
    await fetch(`${server.url}/__admin/accounts/${account}/tokens/${token.tokenId}/revoke`, { method: 'POST' });
    expect(
      await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'soap-3', payload: { companyName: 'C' } })),
    ).toMatchObject({ errorClass: 'auth_revoked', details: { erpCode: 'INVALID_LOGIN_ATTEMPT' } });
    simulator.accounts.get(account)!.tokens.get(token.tokenId)!.revoked = false;
  });

  it('serves a WSDL the soap package’s client can call directly (get by externalId)', async () => {
    const client = await soap.createClientAsync(`${server.url}/services/NetSuitePort?wsdl`, {
      endpoint: `${server.url}/services/NetSuitePort`,
    });
    expect(Object.keys(client.describe()['NetSuiteService']['NetSuitePort'])).toEqual(['upsert', 'get']);
    client.addSoapHeader(tokenPassport(connection), '', 'tns', 'urn:messages.platform.webservices.netsuite.com');
    const [result] = (await client['getAsync']({ baseRef: { attributes: { type: 'customer', externalId: 'soap-1' } } })) as [
      { record: { field: { name: string; value: string }[] } },
    ];
    expect(result.record.field).toEqual(expect.arrayContaining([{ name: 'companyName', value: 'Soap Company' }]));
  });

  it('answers a replayed token passport (same nonce) with a login fault', async () => {
    const client = await soap.createClientAsync(`${server.url}/services/NetSuitePort?wsdl`, {
      endpoint: `${server.url}/services/NetSuitePort`,
    });
    client.addSoapHeader(tokenPassport(connection), '', 'tns', 'urn:messages.platform.webservices.netsuite.com');
    await client['getAsync']({ baseRef: { attributes: { type: 'customer', externalId: 'soap-1' } } });
    const replay = (await client['getAsync']({ baseRef: { attributes: { type: 'customer', externalId: 'soap-1' } } }).catch(
      (error: unknown) => error,
    )) as { root: { Envelope: { Body: { Fault: { faultstring: string } } } } };
    expect(replay.root.Envelope.Body.Fault.faultstring).toBe('Invalid login attempt.');
  });
});
