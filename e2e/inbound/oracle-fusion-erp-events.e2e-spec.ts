import { randomBytes } from 'node:crypto';
import {
  Subjects,
  Topics,
  type ErpChange,
  type InvoiceStatusChanged,
  type PaymentApplied,
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
/** The outbound path reads the shared product-events topic from its groups' last offsets (other runs' events first). */
const OUTBOUND_BOUND_MS = 240_000;

/**
 * ERP → product, Oracle Fusion end to end: the product's order and invoice delivered to Fusion come back
 * acknowledged and issued; Receivables applies a receipt for part of the invoice then for the rest, and the
 * warehouse ships the order, in the Fusion simulator; each change reaches ferry.erp-events.v1 once, naming the
 * product's ids, across a restart of inbound-sync.
 */
describe('ERP → product events from Oracle Fusion', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `ofcev-${run}`;
  const pod = `ev${run}`;
  const purpose = 'erpevents';
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  let statuses: TopicCollector<SyncStatus>;
  let ingest: FerryApiClient;
  const simulator = () => ferry.processes.url('oracle-fusion-simulator');
  const admin = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${simulator()}/__admin${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const eventsOf = <T extends ErpEvent>(subject: string, erpRecordId?: string) =>
    erpEvents
      .where(
        (event, message) =>
          message.recordName === subject &&
          event.change.tenantId === tenantId &&
          (erpRecordId === undefined || event.change.erpRecordId === erpRecordId),
      )
      .map((message) => message.value as T);
  const ofTenant = () => erpEvents.where((event) => event.change.tenantId === tenantId);

  beforeAll(async () => {
    ferry = await startFerry({
      purpose,
      services: ['oracle-fusion-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-oracle-fusion', 'inbound-sync'],
      env: { INBOUND_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS), INBOUND_ECHO_SETTLE_SECONDS: String(SETTLE_SECONDS) },
    });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    await admin('/pods', { name: pod, users: [{ username: 'ferry', password: 'oracle-pw' }] });
    const { apiKey } = await onboardTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      template: 'oracle-fusion',
      connection: {
        connectionId: 'ofc',
        erpKind: 'oracle_fusion',
        baseUrl: `${simulator()}/${pod}`,
        authKind: 'basic',
        settings: { username: 'ferry' },
        credentials: { password: 'oracle-pw' },
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

  it('acknowledges the order, issues the invoice, then sends the receipts, the part payment, the payment and the shipment once each across a restart', async () => {
    const customer = sampleCustomerUpserted(tenantId, { customerId: `cust-${run}` });
    const order = sampleSalesOrderUpserted(tenantId, { orderId: `so-${run}`, customerId: customer.customer.customerId });
    const invoice = sampleInvoiceUpserted(tenantId, customer.customer.customerId);
    invoice.invoice.dueDate = '2099-12-31';
    const delivered = (eventId: string) =>
      statuses.where((status) => status.eventId === eventId && status.stage === 'delivery' && status.status === 'delivered')[0]?.value;
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
      events: [
        { type: 'CustomerUpserted', event: customer },
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
      erpOrderNumber: expect.any(String),
      change: { erpKind: 'oracle_fusion', productEntityId: order.order.orderId },
    });
    const invoiceEvents = () => eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, invoiceErpId);
    const issued = await waitUntil('the invoice issued', () => invoiceEvents()[0], ARRIVAL_BOUND_MS);
    expect(issued).toMatchObject({
      status: 'issued',
      total: '100',
      balanceDue: '100',
      dueDate: '2099-12-31',
      change: { productEntityId: invoice.invoice.invoiceId },
    });

    await ferry.processes.restart('inbound-sync');
    await admin(`/pods/${pod}/receivablesInvoices/${invoiceErpId}/receipts`, { amount: 40 });
    const partlyPaid = await waitUntil(
      'the invoice part paid',
      () => invoiceEvents().find((event) => event.status === 'partially_paid'),
      ARRIVAL_BOUND_MS,
    );
    expect(partlyPaid).toMatchObject({ amountPaid: '40', balanceDue: '60', change: { productEntityId: invoice.invoice.invoiceId } });
    const receipt = await waitUntil(
      'the receipt applied',
      () => eventsOf<PaymentApplied & ErpEvent>(Subjects.PaymentApplied)[0],
      ARRIVAL_BOUND_MS,
    );
    expect(receipt).toMatchObject({
      amount: '40',
      applications: [{ invoiceErpRecordId: invoiceErpId, invoiceProductId: invoice.invoice.invoiceId, amount: '40' }],
    });

    await admin(`/pods/${pod}/receivablesInvoices/${invoiceErpId}/receipts`);
    await admin(`/pods/${pod}/salesOrdersForOrderHub/${orderErpId}/ship`);
    const paid = await waitUntil('the invoice paid', () => invoiceEvents().find((event) => event.status === 'paid'), ARRIVAL_BOUND_MS);
    expect(paid).toMatchObject({ amountPaid: '100', balanceDue: '0', change: { productEntityId: invoice.invoice.invoiceId } });
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
        .map((message) => `${message.recordName.split('.').pop()}:${String(message.value['status'] ?? message.value['amount'])}`)
        .sort(),
    ).toEqual(
      [
        'InvoiceStatusChanged:issued',
        'InvoiceStatusChanged:partially_paid',
        'InvoiceStatusChanged:paid',
        'PaymentApplied:40',
        'PaymentApplied:60',
        'SalesOrderStatusChanged:acknowledged',
        'SalesOrderStatusChanged:fulfilled',
      ].sort(),
    );
  });
});
