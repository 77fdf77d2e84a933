import { randomBytes } from 'node:crypto';
import {
  Subjects,
  Topics,
  type ErpChange,
  type InvoiceStatusChanged,
  type SalesOrderStatusChanged,
  type ShipmentShipped,
  type SyncStatus,
} from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardTenant,
  sampleCustomerUpserted,
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
/** The outbound path reads the shared product-events topic from its groups' last offsets (other runs' events first). */
const OUTBOUND_BOUND_MS = 240_000;

/**
 * ERP → product, SAP S/4HANA end to end: the product's order delivered to S/4 comes back acknowledged; the
 * warehouse posts the goods issue of its delivery and billing makes its invoice (billing document), which
 * finance clears in part then in full, in the S/4 simulator; each change reaches ferry.erp-events.v1 once,
 * naming the product's order id, across a restart of inbound-sync.
 */
describe('ERP → product events from SAP S/4HANA', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `s4ev-${run}`;
  const systemId = `S4E${run.toUpperCase()}`;
  const purpose = 'erpevents';
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  let statuses: TopicCollector<SyncStatus>;
  let ingest: FerryApiClient;
  const simulator = () => ferry.processes.url('sap-s4-simulator');
  const admin = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${simulator()}/__admin${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
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
      services: ['sap-s4-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-sap-s4', 'inbound-sync'],
      env: { INBOUND_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS), INBOUND_ECHO_SETTLE_SECONDS: String(SETTLE_SECONDS) },
    });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    await admin('/systems', { systemId, users: [{ user: `FERRY_${run}`, password: 'Welcome1!' }] });
    const { apiKey } = await onboardTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      template: 'sap-s4',
      connection: {
        connectionId: 's4',
        erpKind: 'sap_s4',
        baseUrl: simulator(),
        authKind: 'basic',
        settings: { communicationUser: `FERRY_${run}` },
        credentials: { password: 'Welcome1!' },
      },
    });
    ingest = new FerryApiClient(ferry.processes.url('ingestion'), apiKey);
    await waitForErpEventFeeds(purpose, tenantId, 3);
  });
  afterAll(async () => {
    await erpEvents?.stop();
    await statuses?.stop();
    await ferry?.stop();
  });

  it('acknowledges the order, ships it at goods issue, and sends its invoice issued, part paid and paid, once each across a restart', async () => {
    const customer = sampleCustomerUpserted(tenantId, { customerId: `cust-${run}` });
    const order = sampleSalesOrderUpserted(tenantId, { orderId: `so-${run}`, customerId: customer.customer.customerId });
    const orderId = order.order.orderId;
    const delivered = (eventId: string) =>
      statuses.where((status) => status.eventId === eventId && status.stage === 'delivery' && status.status === 'delivered')[0]?.value;
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: customer }] });
    await waitUntil('the business partner delivered', () => delivered(customer.envelope.eventId), OUTBOUND_BOUND_MS);
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'SalesOrderUpserted', event: order }] });
    const orderErpId = (await waitUntil('the order delivered', () => delivered(order.envelope.eventId), OUTBOUND_BOUND_MS)).erpRecordId!;

    const acknowledged = await waitUntil(
      'the order acknowledged',
      () => eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId)[0],
      ARRIVAL_BOUND_MS,
    );
    expect(acknowledged).toMatchObject({
      status: 'acknowledged',
      erpOrderNumber: orderErpId,
      change: { erpKind: 'sap_s4', erpRecordType: 'A_SalesOrder', productEntityId: orderId, externalId: `FERRY-SO-${orderId}` },
    });

    await ferry.processes.restart('inbound-sync');
    const delivery = await admin(`/systems/${systemId}/salesOrders/${orderErpId}/deliver`, { billOfLading: `1Z${run}` });
    const shipped = await waitUntil(
      'the delivery shipped',
      () => eventsOf<ShipmentShipped & ErpEvent>(Subjects.ShipmentShipped, String(delivery['DeliveryDocument']))[0],
      ARRIVAL_BOUND_MS,
    );
    expect(shipped).toMatchObject({
      orderErpRecordId: orderErpId,
      orderProductId: orderId,
      trackingNumbers: [`1Z${run}`],
      change: { erpRecordType: 'A_OutbDeliveryHeader' },
    });
    expect(shipped.lines?.length).toBe(order.order.lines.length);

    const billing = await admin(`/systems/${systemId}/salesOrders/${orderErpId}/bill`);
    const billingDocument = String(billing['BillingDocument']);
    const invoiceEvents = () => eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, billingDocument);
    const issued = await waitUntil('the invoice issued', () => invoiceEvents()[0], ARRIVAL_BOUND_MS);
    expect(issued).toMatchObject({
      status: 'issued',
      invoiceNumber: billingDocument,
      orderErpRecordId: orderErpId,
      orderProductId: orderId,
      balanceDue: issued.total,
      change: { productEntityId: null },
    });
    await waitUntil(
      'the order billed',
      () =>
        eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId).find(
          (event) => event.status === 'billed',
        ),
      ARRIVAL_BOUND_MS,
    );

    await admin(`/systems/${systemId}/billingDocuments/${billingDocument}/clear`, { amount: 1 });
    await waitUntil('the invoice part paid', () => invoiceEvents().find((event) => event.status === 'partially_paid'), ARRIVAL_BOUND_MS);
    await admin(`/systems/${systemId}/billingDocuments/${billingDocument}/clear`);
    const paid = await waitUntil('the invoice paid', () => invoiceEvents().find((event) => event.status === 'paid'), ARRIVAL_BOUND_MS);
    expect(paid).toMatchObject({ balanceDue: '0', amountPaid: issued.total, orderProductId: orderId });

    await new Promise((resolve) => setTimeout(resolve, (POLL_INTERVAL_SECONDS + SETTLE_SECONDS) * 3000));
    const ids = ofTenant().map((message) => message.value.change.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = ofTenant().map(
      (message) =>
        `${message.recordName.split('.').pop()}:${message.value.change.erpRecordId}:${String(message.value['status'] ?? 'shipped')}`,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(
      expect.arrayContaining([
        `SalesOrderStatusChanged:${orderErpId}:acknowledged`,
        `SalesOrderStatusChanged:${orderErpId}:billed`,
        `ShipmentShipped:${String(delivery['DeliveryDocument'])}:shipped`,
        `InvoiceStatusChanged:${billingDocument}:issued`,
        `InvoiceStatusChanged:${billingDocument}:partially_paid`,
        `InvoiceStatusChanged:${billingDocument}:paid`,
      ]),
    );
  });
});
