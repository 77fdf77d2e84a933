import { randomBytes, randomUUID } from 'node:crypto';
import { canonicalReaderFor, compareCanonical, writtenErpFieldsOf, type ReferenceResolver } from '@ferry/canonical-comparison';
import type { EntityMapping } from '@ferry/contracts';
import type { ErpConnectionContext, ErpConnector, ErpRecord } from '@ferry/erp-core';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { NetSuiteConnector } from '@ferry/erp-netsuite';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import { latestTemplate } from '@ferry/erp-templates';
import { assembleMappedRecord, compileExpression, mappingProgram, plainData } from '@ferry/mapping';
import { createDataverseSimulator } from '@ferry/dynamics365-simulator';
import { createNetSuiteSimulator } from '@ferry/netsuite-simulator';
import { createOracleFusionSimulator } from '@ferry/oracle-fusion-simulator';
import { createSapS4Simulator } from '@ferry/sap-s4-simulator';
import { sampleCustomerUpserted, sampleInvoiceUpserted, sampleSalesOrderUpserted } from '@ferry/testing';
import { serve } from './http-server';

/**
 * Reconciliation's read-back against each ERP simulator, over HTTP: a record delivered as the tenant template maps
 * it (the connector's own upsert), read back by the connector as a reconciliation run reads it, has no difference
 * in canonical space (Dataverse `@odata.bind` and SAP's sold-to included); the same record changed in the ERP
 * afterwards differs in exactly the changed field.
 */
async function mapThroughTemplate(
  mapping: EntityMapping,
  event: unknown,
): Promise<{ externalId: string; payload: Record<string, unknown> }> {
  const { program, slots } = mappingProgram(mapping);
  const input = plainData(event);
  const outcomes = [];
  for (const expression of program.expressions) {
    const maps = expression.valueMaps === undefined ? undefined : program.valueMapSets[expression.valueMaps];
    const value = (await compileExpression(expression.text, expression.id).evaluate(input, {
      valueMap: (name: string, key: unknown) => (key === undefined || key === null ? undefined : maps?.[name]?.[String(key)]),
    })) as unknown;
    outcomes.push({ ok: true as const, value: plainData(value) });
  }
  return assembleMappedRecord(slots, outcomes);
}

/** Ferry's books as the deliveries report them: ERP id → external id, per record type. */
class Books implements ReferenceResolver {
  private readonly known = new Map<string, string>();
  add(recordType: string, erpRecordId: string, externalId: string): void {
    this.known.set(`${recordType}/${erpRecordId}`, externalId);
  }
  externalIdOf(recordType: string, erpRecordId: string): string | undefined {
    return this.known.get(`${recordType}/${erpRecordId}`);
  }
}

async function readBack(
  connector: ErpConnector,
  connection: ErpConnectionContext,
  recordType: string,
  externalId: string,
): Promise<ErpRecord> {
  const records: ErpRecord[] = [];
  if (connector.readInExternalIdOrder)
    for await (const page of connector.readInExternalIdOrder(connection, recordType, { pageSize: 50 })) records.push(...page);
  else records.push(...(await connector.listRecords(connection, recordType)));
  const record = records.find((candidate) => candidate.externalId === externalId);
  if (!record) throw new Error(`${recordType} ${externalId} was not read back`);
  return record;
}

type Entity = 'customer' | 'sales_order' | 'invoice';

/** Delivers one canonical entity as the template maps it; answers what reconciliation compares. */
async function deliver(
  templateName: string,
  entity: Entity,
  event: Record<string, unknown>,
  connector: ErpConnector,
  connection: ErpConnectionContext,
  books: Books,
) {
  const mapping = latestTemplate(templateName)!.entities[entity]! as unknown as EntityMapping;
  const { externalId, payload } = await mapThroughTemplate(mapping, event);
  const { erpRecordId } = await connector.upsert(connection, { recordType: mapping.recordType, externalId, payload });
  books.add(mapping.recordType, erpRecordId, externalId);
  const body = event[entity === 'sales_order' ? 'order' : entity] as Record<string, unknown>;
  const reader = canonicalReaderFor(connection.erpKind, mapping.recordType)!;
  const compare = async () => {
    const record = await readBack(connector, connection, mapping.recordType, externalId);
    return compareCanonical(body, record.fields, reader, writtenErpFieldsOf(mapping), books);
  };
  /** Another system changes the record in the ERP (a write through the ERP's API, not through Ferry). */
  const editInErp = (fields: Record<string, unknown>) =>
    connector.upsert(connection, { recordType: mapping.recordType, externalId, payload: { ...payload, ...fields } });
  return { compare, editInErp, payload };
}

const customerEvent = (customerId: string) => {
  const event = sampleCustomerUpserted('contract-tenant', {
    customerId,
    name: 'Honeycomb Manufacturing and Distribution International Holdings',
  });
  event.customer.taxId = 'DE123456789';
  return event as unknown as Record<string, unknown>;
};

describe('reconciliation reads back what Ferry delivered: Dynamics 365', () => {
  const { app } = createDataverseSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new Dynamics365Connector(fetch, 5_000, 7);
  const environment = `org${randomBytes(3).toString('hex')}`;
  const directory = randomUUID();
  const books = new Books();
  const customerId = `cust-${randomBytes(3).toString('hex')}`;

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

  it('customer: no drift after delivery; an edit of the city is the one difference', async () => {
    const delivered = await deliver('dynamics365', 'customer', customerEvent(customerId), connector, connection, books);
    expect(await delivered.compare()).toEqual([]);
    await delivered.editInErp({ address1_city: 'Shelbyville' });
    expect(await delivered.compare()).toEqual([{ field: 'billingAddress.city', ferryValue: 'Springfield', erpValue: 'Shelbyville' }]);
  });

  it.each<[Entity, Record<string, unknown>]>([
    ['sales_order', sampleSalesOrderUpserted('contract-tenant', { customerId: 'PLACEHOLDER' }) as unknown as Record<string, unknown>],
    ['invoice', sampleInvoiceUpserted('contract-tenant', 'PLACEHOLDER') as unknown as Record<string, unknown>],
  ])(
    '%s bound to its customer with @odata.bind: no drift after delivery; an edit of the total is the one difference',
    async (entity, sample) => {
      const event = JSON.parse(JSON.stringify(sample).replace(/PLACEHOLDER/g, customerId)) as Record<string, unknown>;
      const delivered = await deliver('dynamics365', entity, event, connector, connection, books);
      expect(await delivered.compare()).toEqual([]);
      await delivered.editInErp({ totalamount: 99 });
      expect(await delivered.compare()).toEqual([
        { field: 'total.amount', ferryValue: entity === 'invoice' ? '100' : '1250', erpValue: '99' },
      ]);
    },
  );
});

describe('reconciliation reads back what Ferry delivered: Oracle Fusion', () => {
  const { app } = createOracleFusionSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new OracleFusionConnector(fetch, 5_000, 5);
  const pod = `pod${randomBytes(3).toString('hex')}`;
  const books = new Books();

  beforeAll(async () => {
    server = await serve(app);
    await fetch(`${server.url}/__admin/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: pod, users: [{ username: 'ferry.integration', password: 'pw' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'ofc',
      erpKind: 'oracle_fusion',
      authKind: 'basic',
      baseUrl: `${server.url}/${pod}`,
      settings: { username: 'ferry.integration' },
      credentials: { password: 'pw' },
    };
  });
  afterAll(async () => server.close());

  it('customer: no drift after delivery; an edit of the e-mail is the one difference', async () => {
    const delivered = await deliver(
      'oracle-fusion',
      'customer',
      customerEvent(`cust-${randomBytes(3).toString('hex')}`),
      connector,
      connection,
      books,
    );
    expect(await delivered.compare()).toEqual([]);
    await delivered.editInErp({ PrimaryEmailAddress: 'someone.else@example.com' });
    const [difference] = await delivered.compare();
    expect(difference).toMatchObject({ field: 'email', erpValue: 'someone.else@example.com' });
  });
});

describe('reconciliation reads back what Ferry delivered: SAP S/4HANA', () => {
  let simulator: Awaited<ReturnType<typeof createSapS4Simulator>>;
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new SapS4Connector();
  const systemId = `S4H${randomBytes(2).toString('hex').toUpperCase()}`;
  const user = `FERRY_${systemId}`;
  const books = new Books();
  const customerId = `cust-${randomBytes(3).toString('hex')}`;

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

  it('business partner (name kept to 40 characters) and sales order (sold-to resolved to the partner number): no drift; a changed currency is the one difference', async () => {
    const partner = await deliver('sap-s4', 'customer', customerEvent(customerId), connector, connection, books);
    expect(await partner.compare()).toEqual([]);
    const order = await deliver(
      'sap-s4',
      'sales_order',
      sampleSalesOrderUpserted('contract-tenant', { customerId }) as unknown as Record<string, unknown>,
      connector,
      connection,
      books,
    );
    expect(await order.compare()).toEqual([]);
    await order.editInErp({ TransactionCurrency: 'EUR' });
    expect(await order.compare()).toEqual([{ field: 'currency', ferryValue: 'usd', erpValue: 'eur' }]);
  });

  it('reads partners in external-id order a page at a time, resuming after any key', async () => {
    const ids = ['FERRY-k-3', 'FERRY-k-1', 'FERRY-k-2', 'FERRY-k-5', 'FERRY-k-4'];
    for (const externalId of ids)
      await connector.upsert(connection, {
        recordType: 'A_BusinessPartner',
        externalId,
        payload: { BusinessPartnerCategory: '2', OrganizationBPName1: externalId },
      });
    const read = async (afterExternalId?: string) => {
      const pages: string[][] = [];
      for await (const page of connector.readInExternalIdOrder(connection, 'A_BusinessPartner', {
        pageSize: 2,
        ...(afterExternalId ? { afterExternalId } : {}),
      }))
        pages.push(page.map((record) => record.externalId!).filter((id) => id.startsWith('FERRY-k-')));
      return pages.flat();
    };
    expect(await read()).toEqual([...ids].sort());
    expect(await read('FERRY-k-2')).toEqual(['FERRY-k-3', 'FERRY-k-4', 'FERRY-k-5']);
  });
});

describe('reconciliation reads back what Ferry delivered: NetSuite', () => {
  const { app, store } = createNetSuiteSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new NetSuiteConnector(undefined, fetch, 5_000, 10);
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const books = new Books();

  beforeAll(async () => {
    server = await serve(app);
    const tbaToken = {
      consumerKey: randomUUID(),
      consumerSecret: randomBytes(16).toString('hex'),
      tokenId: randomUUID(),
      tokenSecret: randomBytes(16).toString('hex'),
    };
    await store.create({ accountId: account, clients: [], tbaTokens: [tbaToken] });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'tba',
      erpKind: 'netsuite',
      authKind: 'oauth1_tba',
      baseUrl: `${server.url}/${account}`,
      settings: { consumerKey: tbaToken.consumerKey, tokenId: tbaToken.tokenId, realm: account },
      credentials: { consumerSecret: tbaToken.consumerSecret, tokenSecret: tbaToken.tokenSecret },
    };
  });
  afterAll(async () => server.close());

  it('customer: no drift after delivery; an edit of the company name is the one difference', async () => {
    const delivered = await deliver(
      'netsuite',
      'customer',
      customerEvent(`cust-${randomBytes(3).toString('hex')}`),
      connector,
      connection,
      books,
    );
    expect(await delivered.compare()).toEqual([]);
    await delivered.editInErp({ companyName: 'Globex' });
    expect(await delivered.compare()).toEqual([
      { field: 'name', ferryValue: 'Honeycomb Manufacturing and Distribution International Holdings', erpValue: 'Globex' },
    ]);
  });
});
