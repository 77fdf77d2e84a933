import { randomBytes, randomUUID } from 'node:crypto';
import {
  Subjects,
  Topics,
  type ErpChange,
  type InvoiceStatusChanged,
  type SalesOrderStatusChanged,
  type SyncStatus,
} from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardTenant,
  sampleCustomerUpserted,
  sampleInvoiceUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  waitForErpEventFeeds,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

type ErpEvent = { change: ErpChange } & Record<string, unknown>;

const POLL_INTERVAL_SECONDS = 1;
const SETTLE_SECONDS = 2;
const ARRIVAL_BOUND_MS = (POLL_INTERVAL_SECONDS + SETTLE_SECONDS) * 1000 + 12_000;
/**
 * The outbound path reads the shared product-events topic from its groups' last offsets: other runs' events
 * published since (benchmarks publish thousands) pass first.
 */
const OUTBOUND_BOUND_MS = 240_000;

/**
 * ERP → product, Dynamics 365 end to end: the product's order and invoice delivered to Dataverse come back
 * acknowledged and issued; finance marks the invoice paid and the order is fulfilled in the Dataverse
 * simulator; each change reaches ferry.erp-events.v1 once, naming the product's ids, across a restart of
 * inbound-sync.
 */
describe('ERP → product events from Dynamics 365', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `d365ev-${run}`;
  const environmentName = `org${run}`;
  const purpose = 'erpevents';
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  let statuses: TopicCollector<SyncStatus>;
  let ingest: FerryApiClient;
  const simulator = () => ferry.processes.url('dynamics365-simulator');
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${simulator()}/__admin${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const eventsOf = <T extends ErpEvent>(subject: string, erpRecordId: string) =>
    erpEvents
      .where(
        (event, message) =>
          message.recordName === subject && event.change.tenantId === tenantId && event.change.erpRecordId === erpRecordId,
      )
      .map((message) => message.value as T);
  const ofTenant = () => erpEvents.where((event) => event.change.tenantId === tenantId);

  beforeAll(async () => {
    ferry = await startFerry({
      purpose,
      services: ['dynamics365-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-dynamics365', 'inbound-sync'],
      env: { INBOUND_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS), INBOUND_ECHO_SETTLE_SECONDS: String(SETTLE_SECONDS) },
    });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const directory = randomUUID();
    await admin('/environments', {
      name: environmentName,
      directoryId: directory,
      clients: [{ clientId: 'ferry', clientSecret: 'd365-secret' }],
    });
    const { apiKey } = await onboardTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      template: 'dynamics365',
      connection: {
        connectionId: 'd365',
        erpKind: 'dynamics365',
        baseUrl: `${simulator()}/${environmentName}`,
        authKind: 'oauth2_client_credentials_secret',
        settings: { clientId: 'ferry', tenantDirectoryId: directory, tokenUrl: `${simulator()}/${directory}/oauth2/v2.0/token` },
        credentials: { clientSecret: 'd365-secret' },
      },
    });
    ingest = new FerryApiClient(ferry.processes.url('ingestion'), apiKey);
    await waitForErpEventFeeds(purpose, tenantId, 2);
  });
  afterAll(async () => {
    await erpEvents?.stop();
    await statuses?.stop();
    await ferry?.stop();
  });

  it('acknowledges the order, issues the invoice, then sends the payment and the fulfilment once each across a restart', async () => {
    const customer = sampleCustomerUpserted(tenantId, { customerId: `cust-${run}` });
    const order = sampleSalesOrderUpserted(tenantId, { orderId: `so-${run}`, customerId: customer.customer.customerId });
    const invoice = sampleInvoiceUpserted(tenantId, customer.customer.customerId);
    invoice.invoice.dueDate = '2099-12-31';
    const delivered = (eventId: string) =>
      statuses.where((status) => status.eventId === eventId && status.stage === 'delivery' && status.status === 'delivered')[0]?.value;
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: customer }] });
    await waitUntil('the account delivered', () => delivered(customer.envelope.eventId), OUTBOUND_BOUND_MS);
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
      events: [
        { type: 'SalesOrderUpserted', event: order },
        { type: 'InvoiceUpserted', event: invoice },
      ],
    });
    const orderErpId = (await waitUntil('the order delivered', () => delivered(order.envelope.eventId), OUTBOUND_BOUND_MS)).erpRecordId!;
    const invoiceErpId = (await waitUntil('the invoice delivered', () => delivered(invoice.envelope.eventId), OUTBOUND_BOUND_MS))
      .erpRecordId!;

    const acknowledged = await waitUntil(
      'the order acknowledged',
      () => eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId)[0],
      ARRIVAL_BOUND_MS,
    );
    expect(acknowledged).toMatchObject({
      status: 'acknowledged',
      erpOrderNumber: expect.stringMatching(/^ORD-/),
      change: { erpKind: 'dynamics365', productEntityId: order.order.orderId },
    });
    const issued = await waitUntil(
      'the invoice issued',
      () => eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, invoiceErpId)[0],
      ARRIVAL_BOUND_MS,
    );
    expect(issued).toMatchObject({ status: 'issued', dueDate: '2099-12-31', change: { productEntityId: invoice.invoice.invoiceId } });

    await ferry.processes.restart('inbound-sync');
    await admin(`/environments/${environmentName}/invoices/${invoiceErpId}/pay`, {});
    await admin(`/environments/${environmentName}/salesorders/${orderErpId}/fulfill`, {});
    const paid = await waitUntil(
      'the invoice paid',
      () => eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, invoiceErpId).find((event) => event.status === 'paid'),
      ARRIVAL_BOUND_MS,
    );
    expect(paid).toMatchObject({ balanceDue: '0', change: { productEntityId: invoice.invoice.invoiceId } });
    await waitUntil(
      'the order fulfilled',
      () =>
        eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId).find(
          (event) => event.status === 'fulfilled',
        ),
      ARRIVAL_BOUND_MS,
    );

    await new Promise((resolve) => setTimeout(resolve, (POLL_INTERVAL_SECONDS + SETTLE_SECONDS) * 3000));
    const ids = ofTenant().map((message) => message.value.change.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      ofTenant()
        .map((message) => `${message.recordName.split('.').pop()}:${String(message.value['status'])}`)
        .sort(),
    ).toEqual(
      [
        'InvoiceStatusChanged:issued',
        'InvoiceStatusChanged:paid',
        'SalesOrderStatusChanged:acknowledged',
        'SalesOrderStatusChanged:fulfilled',
      ].sort(),
    );
  });
});
