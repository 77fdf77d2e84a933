import { randomBytes } from 'node:crypto';
import { executeHttpRequest } from '@sap-cloud-sdk/http-client';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import { createSapS4Simulator } from '@ferry/sap-s4-simulator';
import { serve } from './http-server';

/** Ferry's SAP adapter, and SAP's own Cloud SDK HTTP client, against the CAP-based S/4HANA simulator. */
describe('SAP S/4HANA connector contract', () => {
  let simulator: Awaited<ReturnType<typeof createSapS4Simulator>>;
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new SapS4Connector();
  const systemId = `S4H${randomBytes(2).toString('hex').toUpperCase()}`;
  const user = `FERRY_${systemId}`;
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const partners = () => [...simulator.systems.get(systemId)!.table('A_BusinessPartner').values()];

  beforeAll(async () => {
    simulator = await createSapS4Simulator();
    server = await serve(simulator.app);
    simulator.listening(server.httpServer, server.url);
    await fetch(`${server.url}/__admin/systems`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ systemId, users: [{ user, password: 'Welcome1!' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 's4',
      erpKind: 'sap_s4',
      authKind: 'basic',
      baseUrl: server.url,
      settings: { communicationUser: user },
      credentials: { password: 'Welcome1!' },
    };
  });
  afterAll(async () => server.close());

  it('looks up by external id, creates, then updates with the ETag, never duplicating', async () => {
    const payload = { BusinessPartnerCategory: '2', OrganizationBPName1: 'Bestrun GmbH', SearchTerm1: 'BESTRUN' };
    const created = await connector.upsert(connection, { recordType: 'A_BusinessPartner', externalId: 'FERRY-c-1', payload });
    const updated = await connector.upsert(connection, {
      recordType: 'A_BusinessPartner',
      externalId: 'FERRY-c-1',
      payload: { ...payload, OrganizationBPName1: 'Bestrun AG' },
    });
    expect(updated.erpRecordId).toBe(created.erpRecordId);
    expect(updated.erpVersion).not.toBe(created.erpVersion);
    expect(partners().filter((row) => row['YY1_FerryExternalID'] === 'FERRY-c-1')).toHaveLength(1);
    expect(partners().find((row) => row['YY1_FerryExternalID'] === 'FERRY-c-1')!['OrganizationBPName1']).toBe('Bestrun AG');
  });

  it('looks a business partner up by Ferry’s external id, and finds nothing for one never written', async () => {
    const payload = { BusinessPartnerCategory: '2', OrganizationBPName1: 'Lookup GmbH', SearchTerm1: 'LOOKUP' };
    const written = await connector.upsert(connection, { recordType: 'A_BusinessPartner', externalId: 'FERRY-look-1', payload });
    const found = await connector.lookup(connection, 'A_BusinessPartner', 'FERRY-look-1');
    expect(found).toMatchObject({ erpRecordId: written.erpRecordId, externalId: 'FERRY-look-1' });
    expect(found!.fields['OrganizationBPName1']).toBe('Lookup GmbH');
    expect(await connector.lookup(connection, 'A_BusinessPartner', 'FERRY-never')).toBeUndefined();
  });

  it('detects a stale ETag (412) as a conflict', async () => {
    const first = await connector.upsert(connection, {
      recordType: 'A_BusinessPartner',
      externalId: 'FERRY-c-2',
      payload: { BusinessPartnerCategory: '2', OrganizationBPName1: 'V1' },
    });
    await connector.upsert(connection, {
      recordType: 'A_BusinessPartner',
      externalId: 'FERRY-c-2',
      payload: { OrganizationBPName1: 'V2' },
    });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'A_BusinessPartner',
          externalId: 'FERRY-c-2',
          payload: { OrganizationBPName1: 'stale' },
          expectedVersion: first.erpVersion!,
        }),
      ),
    ).toMatchObject({ errorClass: 'conflict', details: { status: 412 } });
  });

  it('creates a sales order whose sold-to party is resolved from Ferry’s external id, and reads SAP’s error details', async () => {
    const order = await connector.upsert(connection, {
      recordType: 'A_SalesOrder',
      externalId: 'FERRY-SO-1',
      payload: {
        SalesOrderType: 'OR',
        SoldToParty: { __ferryRef: 'A_BusinessPartner', externalId: 'FERRY-c-1' },
        PurchaseOrderByCustomer: 'PO-1',
        TransactionCurrency: 'EUR',
      },
    });
    expect(order.erpRecordId).toMatch(/^\d{10}$/);
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'A_BusinessPartner',
          externalId: 'FERRY-bad',
          payload: { BusinessPartnerCategory: '2' },
        }),
      ),
    ).toMatchObject({
      errorClass: 'validation',
      details: { status: 400, erpCode: 'R11/077', erpPath: 'OrganizationBPName1' },
    });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'A_SalesOrder',
          externalId: 'FERRY-SO-2',
          payload: { SoldToParty: { __ferryRef: 'A_BusinessPartner', externalId: 'FERRY-nobody' } },
        }),
      ),
    ).toMatchObject({ errorClass: 'missing_reference', details: { erpPath: 'SoldToParty' } });
  });

  it('refuses a write without a CSRF token (403 Required) and fetches a new token once when its session expired', async () => {
    const refused = await fetch(`${server.url}/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${user}:Welcome1!`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-csrf-token')).toBe('Required');
    simulator.systems.get(systemId)!.sessions.clear();
    await connector.upsert(connection, {
      recordType: 'A_BusinessPartner',
      externalId: 'FERRY-c-3',
      payload: { BusinessPartnerCategory: '2', OrganizationBPName1: 'After expiry' },
    });
  });

  it('classifies throttling, maintenance and refused credentials', async () => {
    const faults = (body: Record<string, unknown>) =>
      fetch(`${server.url}/__admin/systems/${systemId}/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    await faults({ throttleRate: 1, retryAfterSeconds: 4 });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'A_BusinessPartner',
          externalId: 'FERRY-c-4',
          payload: { BusinessPartnerCategory: '2', OrganizationBPName1: 'X' },
        }),
      ),
    ).toMatchObject({ errorClass: 'throttled', details: { retryAfterMs: 4000 } });
    await faults({ maintenance: true });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'A_BusinessPartner',
          externalId: 'FERRY-c-4',
          payload: { BusinessPartnerCategory: '2', OrganizationBPName1: 'X' },
        }),
      ),
    ).toMatchObject({ errorClass: 'retryable', details: { status: 503 } });
    await faults({});
    expect(
      await failure(
        connector.upsert(
          { ...connection, credentials: { password: 'wrong' } },
          { recordType: 'A_BusinessPartner', externalId: 'FERRY-c-4', payload: {} },
        ),
      ),
    ).toMatchObject({ errorClass: 'auth_revoked', details: { status: 401 } });
  });

  it('lists records through d.results', async () => {
    const rows = await connector.listRecords(connection, 'A_BusinessPartner');
    expect(rows.map((row) => row.externalId)).toEqual(expect.arrayContaining(['FERRY-c-1', 'FERRY-c-2', 'FERRY-c-3']));
  });

  /** SAP's own Cloud SDK HTTP client, which runs the CSRF token fetch itself, against the simulator. */
  it('serves SAP Cloud SDK clients: CSRF fetched by the SDK, V2 JSON back', async () => {
    const destination = { url: server.url, username: user, password: 'Welcome1!', authentication: 'BasicAuthentication' as const };
    const created = await executeHttpRequest(
      destination,
      {
        method: 'post',
        url: '/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner',
        data: { BusinessPartnerCategory: '2', OrganizationBPName1: 'Via Cloud SDK', YY1_FerryExternalID: 'SDK-1' },
      },
      { fetchCsrfToken: true },
    );
    expect(created.status).toBe(201);
    expect(created.data.d).toMatchObject({ OrganizationBPName1: 'Via Cloud SDK', __metadata: { etag: expect.stringMatching(/^W\/"/) } });
    const read = await executeHttpRequest(destination, {
      method: 'get',
      url: `/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$filter=YY1_FerryExternalID eq 'SDK-1'&$format=json`,
    });
    expect(read.data.d.results).toHaveLength(1);
    const metadata = await executeHttpRequest(destination, { method: 'get', url: '/sap/opu/odata/sap/API_SALES_ORDER_SRV/$metadata' });
    expect(String(metadata.data)).toContain('EntityType Name="A_SalesOrder"');
  });
});
