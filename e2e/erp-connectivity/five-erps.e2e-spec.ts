import { randomBytes, randomUUID } from 'node:crypto';
import { generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { Topics, type SyncStatus } from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  onboardTenant,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

/** One canonical customer and order stream, five tenants, five ERPs: each ERP holds the right records, once. */
describe('the same canonical stream delivered to NetSuite, Dynamics 365, SAP S/4HANA, Oracle Fusion and a CSV/SFTP ERP', () => {
  const run = randomBytes(3).toString('hex');
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  const tenants: Record<string, { tenantId: string; ingest: FerryApiClient }> = {};
  const customers = ['alpha', 'beta', 'gamma'].map((name) => `cust-${name}-${run}`);
  const url = (name: Parameters<E2eEnvironment['processes']['url']>[0]) => ferry.processes.url(name);
  const post = (path: string, body: unknown) =>
    fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<unknown>,
    );
  const get = <T>(path: string) => fetch(path).then((r) => r.json() as Promise<T>);

  beforeAll(async () => {
    ferry = await startFerry();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const cp = ferry.controlPlane;
    const apiFor = async (name: string, onboarded: Promise<{ tenantId: string; apiKey: string }>) => {
      const { tenantId, apiKey } = await onboarded;
      tenants[name] = { tenantId, ingest: new FerryApiClient(url('ingestion'), apiKey) };
    };

    await apiFor(
      'netsuite',
      onboardNetSuiteTenant({
        controlPlane: cp,
        tenantId: `five-ns-${run}`,
        accountId: `TSTDRV-FIVE-${run}`.toUpperCase(),
        simulatorUrl: url('netsuite-simulator'),
      }),
    );

    const directory = randomUUID();
    await post(`${url('dynamics365-simulator')}/__admin/environments`, {
      name: `org${run}`,
      directoryId: directory,
      clients: [{ clientId: 'ferry', clientSecret: 'd365-secret' }],
    });
    await apiFor(
      'dynamics365',
      onboardTenant({
        controlPlane: cp,
        tenantId: `five-d365-${run}`,
        template: 'dynamics365',
        connection: {
          connectionId: 'd365',
          erpKind: 'dynamics365',
          baseUrl: `${url('dynamics365-simulator')}/org${run}`,
          authKind: 'oauth2_client_credentials_secret',
          settings: {
            clientId: 'ferry',
            tenantDirectoryId: directory,
            tokenUrl: `${url('dynamics365-simulator')}/${directory}/oauth2/v2.0/token`,
          },
          credentials: { clientSecret: 'd365-secret' },
        },
      }),
    );

    await post(`${url('sap-s4-simulator')}/__admin/systems`, {
      systemId: `S4H${run}`,
      users: [{ user: `FERRY_${run}`, password: 'Welcome1!' }],
    });
    await apiFor(
      'sap_s4',
      onboardTenant({
        controlPlane: cp,
        tenantId: `five-s4-${run}`,
        template: 'sap-s4',
        connection: {
          connectionId: 's4',
          erpKind: 'sap_s4',
          baseUrl: url('sap-s4-simulator'),
          authKind: 'basic',
          settings: { communicationUser: `FERRY_${run}` },
          credentials: { password: 'Welcome1!' },
        },
      }),
    );

    await post(`${url('oracle-fusion-simulator')}/__admin/pods`, {
      name: `pod${run}`,
      users: [{ username: 'ferry', password: 'oracle-pw' }],
    });
    await apiFor(
      'oracle_fusion',
      onboardTenant({
        controlPlane: cp,
        tenantId: `five-ofc-${run}`,
        template: 'oracle-fusion',
        connection: {
          connectionId: 'ofc',
          erpKind: 'oracle_fusion',
          baseUrl: `${url('oracle-fusion-simulator')}/pod${run}`,
          authKind: 'basic',
          settings: { username: 'ferry' },
          credentials: { password: 'oracle-pw' },
        },
      }),
    );

    const key = generateSshKeyPair();
    await post(`${url('csv-sftp-simulator')}/__admin/partners`, { username: `legacy${run}`, publicKey: key.public });
    const { sftpPort, hostKeyFingerprint } = await get<{ sftpPort: number; hostKeyFingerprint: string }>(
      `${url('csv-sftp-simulator')}/__admin/probe`,
    );
    await apiFor(
      'csv_sftp',
      onboardTenant({
        controlPlane: cp,
        tenantId: `five-csv-${run}`,
        template: 'csv-sftp',
        connection: {
          connectionId: 'sftp',
          erpKind: 'csv_sftp',
          baseUrl: `sftp://127.0.0.1:${sftpPort}`,
          authKind: 'ssh_key',
          settings: { host: '127.0.0.1', port: String(sftpPort), username: `legacy${run}`, hostKeyFingerprint, ackTimeoutSeconds: '30' },
          credentials: { privateKeyPem: key.private },
        },
        policies: { batchWindowSeconds: 1 },
      }),
    );
  });

  afterAll(async () => {
    await statuses?.stop();
    await ferry?.stop();
  });

  const deliveredAll = async (eventIds: string[]) =>
    waitUntil(
      `${eventIds.length} deliveries`,
      () => eventIds.every((id) => statuses.where((s) => s.eventId === id && s.status === 'delivered').length > 0) || undefined,
      120_000,
      200,
    ).catch((error: Error) => {
      const stuck = statuses.where((s) => eventIds.includes(s.eventId) && s.status !== 'delivered');
      throw new Error(
        `${error.message}; other outcomes: ${JSON.stringify(stuck.map((s) => [s.value.tenantId, s.value.status, s.value.errorMessage]))}`,
      );
    });

  it('delivers every customer, an update of one, and then every order to each ERP exactly once', async () => {
    const customerEvents: string[] = [];
    for (const { tenantId, ingest } of Object.values(tenants)) {
      const batch = customers.map((customerId) => sampleCustomerUpserted(tenantId, { customerId, name: `Company ${customerId}` }));
      const update = sampleCustomerUpserted(tenantId, { customerId: customers[0]!, name: `Company ${customers[0]} (renamed)`, version: 2 });
      await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
        events: [...batch, update].map((event) => ({ type: 'CustomerUpserted', event })),
      });
      customerEvents.push(...[...batch, update].map((event) => event.envelope.eventId));
    }
    await deliveredAll(customerEvents);

    const orderEvents: string[] = [];
    for (const { tenantId, ingest } of Object.values(tenants)) {
      const orders = customers.map((customerId, i) => sampleSalesOrderUpserted(tenantId, { orderId: `so-${i}-${run}`, customerId }));
      await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
        events: orders.map((event) => ({ type: 'SalesOrderUpserted', event })),
      });
      orderEvents.push(...orders.map((event) => event.envelope.eventId));
    }
    await deliveredAll(orderEvents);

    const renamed = `Company ${customers[0]} (renamed)`;
    const nsCustomers = await get<{ externalId: string; fields: Record<string, unknown> }[]>(
      `${url('netsuite-simulator')}/__admin/accounts/TSTDRV-FIVE-${run.toUpperCase()}/records/customer`,
    );
    expect(nsCustomers.map((r) => r.externalId).sort()).toEqual(customers.map((c) => `ferry-${c}`).sort());
    expect(nsCustomers.find((r) => r.externalId === `ferry-${customers[0]}`)!.fields['companyName']).toBe(renamed);
    expect(
      await get<unknown[]>(`${url('netsuite-simulator')}/__admin/accounts/TSTDRV-FIVE-${run.toUpperCase()}/records/salesOrder`),
    ).toHaveLength(3);

    const accounts = await get<{ attributes: Record<string, unknown> }[]>(
      `${url('dynamics365-simulator')}/__admin/environments/org${run}/tables/accounts`,
    );
    expect(accounts.map((r) => r.attributes['ferry_externalid']).sort()).toEqual(customers.map((c) => `ferry-${c}`).sort());
    expect(accounts.find((r) => r.attributes['ferry_externalid'] === `ferry-${customers[0]}`)!.attributes['name']).toBe(renamed);
    const d365Orders = await get<{ attributes: Record<string, unknown> }[]>(
      `${url('dynamics365-simulator')}/__admin/environments/org${run}/tables/salesorders`,
    );
    expect(d365Orders).toHaveLength(3);
    expect(d365Orders.every((o) => typeof o.attributes['_customerid_account_value'] === 'string')).toBe(true);

    const partners = await get<Record<string, unknown>[]>(
      `${url('sap-s4-simulator')}/__admin/systems/S4H${run}/entities/A_BusinessPartner`,
    );
    expect(partners.map((r) => r['YY1_FerryExternalID']).sort()).toEqual(customers.map((c) => `FERRY-${c}`).sort());
    expect(partners.find((r) => r['YY1_FerryExternalID'] === `FERRY-${customers[0]}`)!['OrganizationBPName1']).toBe(renamed.slice(0, 40));
    const sapOrders = await get<Record<string, unknown>[]>(`${url('sap-s4-simulator')}/__admin/systems/S4H${run}/entities/A_SalesOrder`);
    expect(sapOrders).toHaveLength(3);
    expect(sapOrders.map((o) => o['SoldToParty']).sort()).toEqual(partners.map((p) => p['BusinessPartner']).sort());

    const oracleAccounts = await get<{ fields: Record<string, unknown> }[]>(
      `${url('oracle-fusion-simulator')}/__admin/pods/pod${run}/resources/accounts`,
    );
    expect(oracleAccounts.map((r) => r.fields['SourceSystemReferenceValue']).sort()).toEqual(customers.map((c) => `ferry-${c}`).sort());
    expect(oracleAccounts.find((r) => r.fields['SourceSystemReferenceValue'] === `ferry-${customers[0]}`)!.fields['OrganizationName']).toBe(
      renamed,
    );
    expect(await get<unknown[]>(`${url('oracle-fusion-simulator')}/__admin/pods/pod${run}/resources/salesOrdersForOrderHub`)).toHaveLength(
      3,
    );

    const legacyCustomers = await get<{ externalId: string; fields: Record<string, string> }[]>(
      `${url('csv-sftp-simulator')}/__admin/partners/legacy${run}/records/CUSTOMERS`,
    );
    expect(legacyCustomers.map((r) => r.externalId).sort()).toEqual(customers.map((c) => `ferry-${c}`).sort());
    expect(legacyCustomers.find((r) => r.externalId === `ferry-${customers[0]}`)!.fields['NAME']).toBe(renamed);
    expect(await get<unknown[]>(`${url('csv-sftp-simulator')}/__admin/partners/legacy${run}/records/ORDERS`)).toHaveLength(3);
  });
});
