import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { CanonicalEvent, EntityMapping } from '@ferry/contracts';
import { ErpError, type ErpConnectionContext, type ErpConnector } from '@ferry/erp-core';
import { CsvSftpConnector, generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { NetSuiteConnector, NetSuiteSoapConnector } from '@ferry/erp-netsuite';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import { latestTemplate, type ErpTemplate } from '@ferry/erp-templates';
import { WebhookConnector } from '@ferry/erp-webhook';
import { ExpressionSandbox, mapCanonicalEvent } from '@ferry/mapping';
import { HOSTILE_NAMES, sampleCustomerUpserted } from '@ferry/testing';
import { createCsvSftpSimulator } from '@ferry/csv-sftp-simulator';
import { createDataverseSimulator } from '@ferry/dynamics365-simulator';
import { createNetSuiteSimulator } from '@ferry/netsuite-simulator';
import { createOracleFusionSimulator } from '@ferry/oracle-fusion-simulator';
import { createSapS4Simulator } from '@ferry/sap-s4-simulator';
import { createSuiteTalkSimulator } from '@ferry/suitetalk-soap-simulator';
import { createWebhookReceiver } from '@ferry/webhook-receiver';
import { serve } from './http-server';

/** One ERP under test: its template, Ferry's connector, a connection to its simulator, and its name field. */
interface ErpUnderTest {
  template: ErpTemplate;
  connector: Pick<ErpConnector, 'upsert'>;
  connection: ErpConnectionContext;
  /** The payload field holding the customer's name, which the negative control fills with the raw name. */
  nameField: string;
  close(): Promise<void>;
}

const tenantId = 'limits-tenant';

async function netsuite(): Promise<ErpUnderTest> {
  const { app, store } = createNetSuiteSimulator();
  const server = await serve(app);
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  await store.create({
    accountId: account,
    clients: [{ clientId: 'client-1', certificateId: 'cert-1', publicKeyPem: await exportSPKI(publicKey) }],
  });
  return {
    template: latestTemplate('netsuite')!,
    connector: new NetSuiteConnector(),
    connection: {
      tenantId,
      connectionId: 'ns',
      erpKind: 'netsuite',
      authKind: 'oauth2_client_credentials_jwt',
      baseUrl: `${server.url}/${account}`,
      settings: { clientId: 'client-1', certificateId: 'cert-1' },
      credentials: { privateKeyPem: await exportPKCS8(privateKey) },
    },
    nameField: 'companyName',
    close: () => server.close(),
  };
}

async function suiteTalk(): Promise<ErpUnderTest> {
  const simulator = createSuiteTalkSimulator();
  const server = await serve(simulator.app);
  simulator.attach(server.httpServer);
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const token = {
    consumerKey: randomUUID(),
    consumerSecret: randomBytes(16).toString('hex'),
    tokenId: randomUUID(),
    tokenSecret: randomBytes(16).toString('hex'),
  };
  await fetch(`${server.url}/__admin/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ accountId: account, tokens: [token] }),
  });
  return {
    template: latestTemplate('netsuite')!,
    connector: new NetSuiteSoapConnector(),
    connection: {
      tenantId,
      connectionId: 'soap',
      erpKind: 'netsuite_soap',
      authKind: 'token_passport',
      baseUrl: `${server.url}/services/NetSuitePort`,
      settings: { accountId: account, consumerKey: token.consumerKey, tokenId: token.tokenId },
      credentials: { consumerSecret: token.consumerSecret, tokenSecret: token.tokenSecret },
    },
    nameField: 'companyName',
    close: () => server.close(),
  };
}

async function dynamics365(): Promise<ErpUnderTest> {
  const { app } = createDataverseSimulator();
  const server = await serve(app);
  const environment = `org${randomBytes(3).toString('hex')}`;
  const directory = randomUUID();
  await fetch(`${server.url}/__admin/environments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: environment, directoryId: directory, clients: [{ clientId: 'app-1', clientSecret: 's3cret' }] }),
  });
  return {
    template: latestTemplate('dynamics365')!,
    connector: new Dynamics365Connector(fetch, 5_000, 7),
    connection: {
      tenantId,
      connectionId: 'd365',
      erpKind: 'dynamics365',
      authKind: 'oauth2_client_credentials_secret',
      baseUrl: `${server.url}/${environment}`,
      settings: { clientId: 'app-1', tenantDirectoryId: directory, tokenUrl: `${server.url}/${directory}/oauth2/v2.0/token` },
      credentials: { clientSecret: 's3cret' },
    },
    nameField: 'name',
    close: () => server.close(),
  };
}

async function sapS4(): Promise<ErpUnderTest> {
  const simulator = await createSapS4Simulator();
  const server = await serve(simulator.app);
  simulator.listening(server.httpServer, server.url);
  const systemId = `S4H${randomBytes(2).toString('hex').toUpperCase()}`;
  const user = `FERRY_${systemId}`;
  await fetch(`${server.url}/__admin/systems`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ systemId, users: [{ user, password: 'Welcome1!' }] }),
  });
  return {
    template: latestTemplate('sap-s4')!,
    connector: new SapS4Connector(),
    connection: {
      tenantId,
      connectionId: 's4',
      erpKind: 'sap_s4',
      authKind: 'basic',
      baseUrl: server.url,
      settings: { communicationUser: user },
      credentials: { password: 'Welcome1!' },
    },
    nameField: 'SearchTerm1',
    close: () => server.close(),
  };
}

async function oracleFusion(): Promise<ErpUnderTest> {
  const { app } = createOracleFusionSimulator();
  const server = await serve(app);
  const pod = `pod${randomBytes(3).toString('hex')}`;
  await fetch(`${server.url}/__admin/pods`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: pod, users: [{ username: 'ferry.integration', password: 'pw' }] }),
  });
  return {
    template: latestTemplate('oracle-fusion')!,
    connector: new OracleFusionConnector(fetch, 5_000, 5),
    connection: {
      tenantId,
      connectionId: 'ofc',
      erpKind: 'oracle_fusion',
      authKind: 'basic',
      baseUrl: `${server.url}/${pod}`,
      settings: { username: 'ferry.integration' },
      credentials: { password: 'pw' },
    },
    nameField: 'OrganizationName',
    close: () => server.close(),
  };
}

async function csvSftp(): Promise<ErpUnderTest> {
  const simulator = createCsvSftpSimulator();
  const admin = await serve(simulator.app);
  await new Promise<void>((resolve) => simulator.sftp.listen(0, '127.0.0.1', () => resolve()));
  const port = (simulator.sftp.address() as AddressInfo).port;
  const hostKey = ((await (await fetch(`${admin.url}/__admin/probe`)).json()) as { hostKeyFingerprint: string }).hostKeyFingerprint;
  const key = generateSshKeyPair();
  await fetch(`${admin.url}/__admin/partners`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'limits_erp', publicKey: key.public }),
  });
  return {
    template: latestTemplate('csv-sftp')!,
    connector: new CsvSftpConnector(50),
    connection: {
      tenantId,
      connectionId: 'legacy',
      erpKind: 'csv_sftp',
      authKind: 'ssh_key',
      baseUrl: `sftp://127.0.0.1:${port}`,
      settings: {
        host: '127.0.0.1',
        port: String(port),
        username: 'limits_erp',
        hostKeyFingerprint: hostKey,
        batchWindowSeconds: '0.2',
        ackTimeoutSeconds: '5',
      },
      credentials: { privateKeyPem: key.private },
    },
    nameField: 'NAME',
    close: async () => {
      simulator.sftp.close();
      await admin.close();
    },
  };
}

async function webhook(): Promise<ErpUnderTest> {
  const server = await serve(createWebhookReceiver());
  const secret = randomBytes(16).toString('hex');
  await fetch(`${server.url}/__admin/endpoints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpointId: 'ep', signingSecret: secret }),
  });
  return {
    template: latestTemplate('webhook')!,
    connector: new WebhookConnector(),
    connection: {
      tenantId,
      connectionId: 'hook',
      erpKind: 'webhook',
      authKind: 'hmac_sha256',
      baseUrl: `${server.url}/ep`,
      settings: {},
      credentials: { signingSecret: secret },
    },
    nameField: 'name',
    close: () => server.close(),
  };
}

const ERPS: [string, () => Promise<ErpUnderTest>][] = [
  ['NetSuite REST', netsuite],
  ['NetSuite SuiteTalk SOAP', suiteTalk],
  ['Dynamics 365', dynamics365],
  ['SAP S/4HANA', sapS4],
  ['Oracle Fusion', oracleFusion],
  ['legacy ERP over CSV/SFTP', csvSftp],
  ['webhook receiver', webhook],
];

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

/** A customer event with a hostile name in its name and its billing address, as the product might send it. */
function hostileCustomer(name: string): CanonicalEvent {
  const event = sampleCustomerUpserted(tenantId, { name });
  event.customer.billingAddress = { ...event.customer.billingAddress!, line1: name, city: name };
  return event as unknown as CanonicalEvent;
}

async function settled(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

/**
 * Long, emoji, CJK, right-to-left and combining names go through each ERP's template (the mapping Ferry's
 * transformation runs, in the expression sandbox) and Ferry's connector into that ERP's simulator, which checks
 * its field lengths the way the real ERP counts them. Every one is accepted; the same name sent uncut is refused,
 * which shows the simulator does enforce the limit the template fits into.
 */
describe.each(ERPS)('field limits: %s', (_label, start) => {
  let erp: ErpUnderTest;
  beforeAll(async () => {
    erp = await start();
  });
  afterAll(async () => erp.close());

  it.each(Object.entries(HOSTILE_NAMES))('accepts a customer with a %s name, fitted by the template', async (_kind, name) => {
    const customer = erp.template.entities.customer!;
    const mapping: EntityMapping = { entityType: 'customer', connectionId: erp.connection.connectionId, ...customer };
    const mapped = await mapCanonicalEvent(hostileCustomer(name), mapping, sandbox);
    expect(await settled(erp.connector.upsert(erp.connection, { recordType: customer.recordType, ...mapped }))).toBe('accepted');
  });

  it('refuses the same name uncut (the simulator enforces the limit), except the webhook receiver, which has none', async () => {
    const customer = erp.template.entities.customer!;
    const mapping: EntityMapping = { entityType: 'customer', connectionId: erp.connection.connectionId, ...customer, fieldLimits: {} };
    const event = hostileCustomer(HOSTILE_NAMES['emoji']!);
    const mapped = await mapCanonicalEvent(event, mapping, sandbox);
    mapped.payload[erp.nameField] = erp.connection.erpKind === 'csv_sftp' ? HOSTILE_NAMES['cjk'] : HOSTILE_NAMES['emoji'];
    const outcome = await settled(erp.connector.upsert(erp.connection, { recordType: customer.recordType, ...mapped }));
    if (erp.connection.erpKind === 'webhook') expect(outcome).toBe('accepted');
    else expect(outcome).toMatchObject({ errorClass: 'validation' });
    if (outcome instanceof ErpError) expect(outcome.permanent).toBe(true);
  });
});

describe('SAP S/4HANA search term', () => {
  let erp: ErpUnderTest;
  beforeAll(async () => {
    erp = await sapS4();
  });
  afterAll(async () => erp.close());

  it('refuses the 20 code points $substring cut from a name with an emoji at position 19 (21 UTF-16 units)', async () => {
    const mapping: EntityMapping = {
      entityType: 'customer',
      connectionId: 's4',
      ...erp.template.entities.customer!,
      fieldExpressions: {
        ...erp.template.entities.customer!.fieldExpressions,
        SearchTerm1: '$uppercase($substring(customer.name, 0, 20))',
      },
      fieldLimits: {},
    };
    const mapped = await mapCanonicalEvent(hostileCustomer(HOSTILE_NAMES['emoji']!), mapping, sandbox);
    mapped.payload['OrganizationBPName1'] = 'Rocket Supplies Ltd';
    delete mapped.payload['to_BusinessPartnerAddress'];
    expect(String(mapped.payload['SearchTerm1'])).toHaveLength(21);
    expect(await settled(erp.connector.upsert(erp.connection, { recordType: 'A_BusinessPartner', ...mapped }))).toMatchObject({
      errorClass: 'validation',
    });
  });
});
