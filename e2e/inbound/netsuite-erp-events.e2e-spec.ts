import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  Subjects,
  Topics,
  type ErpChange,
  type InvoiceStatusChanged,
  type PaymentApplied,
  type SalesOrderStatusChanged,
  type ShipmentShipped,
  type SyncStatus,
} from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  sampleInvoiceUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  repositoryRoot,
  testStack,
  waitForErpEventFeeds,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

type ErpEvent = { change: ErpChange } & Record<string, unknown>;

const POLL_INTERVAL_SECONDS = 1;
const SETTLE_SECONDS = 2;
/** A change reaches the product within a poll and the settle time; the rest is slack for a loaded machine. */
const ARRIVAL_BOUND_MS = (POLL_INTERVAL_SECONDS + SETTLE_SECONDS) * 1000 + 12_000;
/**
 * The outbound path reads the shared product-events topic from its groups' last offsets: other runs' events
 * published since (benchmarks publish thousands) pass first.
 */
const OUTBOUND_BOUND_MS = 240_000;

/**
 * ERP → product, NetSuite end to end: the product's order and invoice delivered to NetSuite are acknowledged
 * and issued back; the finance team pays the invoice and the warehouse ships the order in the NetSuite
 * simulator; each change reaches ferry.erp-events.v1 once, naming the product's ids, across a restart of
 * inbound-sync, with a sync status (stage erp-read, direction inbound) for each.
 */
describe('ERP → product events from NetSuite', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `erpev-${run}`;
  const account = `TSTDRV-EV-${run}`.toUpperCase();
  const purpose = 'erpevents';
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  let statuses: TopicCollector<SyncStatus>;
  let ingest: FerryApiClient;
  const simulator = () => ferry.processes.url('netsuite-simulator');
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${simulator()}/__admin/accounts/${account}${path}`, {
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

  let order: ReturnType<typeof sampleSalesOrderUpserted>;
  let invoice: ReturnType<typeof sampleInvoiceUpserted>;
  let orderErpId = '';
  let invoiceErpId = '';

  beforeAll(async () => {
    ferry = await startFerry({
      purpose,
      services: ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite', 'inbound-sync'],
      env: { INBOUND_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS), INBOUND_ECHO_SETTLE_SECONDS: String(SETTLE_SECONDS) },
    });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const { apiKey } = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      accountId: account,
      simulatorUrl: simulator(),
    });
    ingest = new FerryApiClient(ferry.processes.url('ingestion'), apiKey);
    // A feed's first poll starts its cursor at that moment (nothing older is read): wait until all four started.
    await waitForErpEventFeeds(purpose, tenantId, 4);
  });
  afterAll(async () => {
    await erpEvents?.stop();
    await statuses?.stop();
    await ferry?.stop();
  });

  it('acknowledges the product’s order and issues its invoice back, with NetSuite’s numbers and the product’s ids', async () => {
    const ownCustomer = sampleCustomerUpserted(tenantId, { customerId: `cust-${run}` });
    order = sampleSalesOrderUpserted(tenantId, { orderId: `so-${run}`, customerId: ownCustomer.customer.customerId });
    invoice = sampleInvoiceUpserted(tenantId, ownCustomer.customer.customerId);
    // Due far ahead, so the invoice is not overdue whenever this runs.
    invoice.invoice.dueDate = '2099-12-31';
    const delivered = (eventId: string) =>
      statuses.where((status) => status.eventId === eventId && status.stage === 'delivery' && status.status === 'delivered')[0]?.value;
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: ownCustomer }] });
    await waitUntil('the customer delivered to NetSuite', () => delivered(ownCustomer.envelope.eventId), OUTBOUND_BOUND_MS);
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
      events: [
        { type: 'SalesOrderUpserted', event: order },
        { type: 'InvoiceUpserted', event: invoice },
      ],
    });
    orderErpId = (await waitUntil('the order delivered', () => delivered(order.envelope.eventId), OUTBOUND_BOUND_MS)).erpRecordId!;
    invoiceErpId = (await waitUntil('the invoice delivered', () => delivered(invoice.envelope.eventId), OUTBOUND_BOUND_MS)).erpRecordId!;

    const [acknowledged] = await waitUntil(
      'the order acknowledged',
      () =>
        eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId).length > 0 &&
        eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId),
      ARRIVAL_BOUND_MS,
    );
    expect(acknowledged).toMatchObject({
      status: 'acknowledged',
      erpOrderNumber: order.order.orderNumber,
      change: {
        tenantId,
        connectionId: 'netsuite-main',
        erpKind: 'netsuite',
        erpRecordType: 'salesOrder',
        productEntityId: order.order.orderId,
        externalId: `ferry-so-${order.order.orderId}`,
      },
    });
    const [issued] = await waitUntil(
      'the invoice issued',
      () =>
        eventsOf(Subjects.InvoiceStatusChanged, invoiceErpId).length > 0 &&
        eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, invoiceErpId),
      ARRIVAL_BOUND_MS,
    );
    expect(issued).toMatchObject({
      status: 'issued',
      total: '100',
      amountPaid: '0',
      balanceDue: '100',
      dueDate: '2099-12-31',
      change: { productEntityId: invoice.invoice.invoiceId },
    });
  });

  it('sends an invoice paid and an order shipped in NetSuite to the product once each, across a restart of inbound-sync', async () => {
    await ferry.processes.restart('inbound-sync');
    const paidAt = Date.now();
    const { payment } = (await admin(`/invoices/${invoiceErpId}/pay`, {})) as { payment: { id: string } };
    const { fulfillment } = (await admin(`/salesOrders/${orderErpId}/ship`, { trackingNumber: `1Z${run}`, carrier: 'UPS' })) as {
      fulfillment: { id: string };
    };

    const paid = await waitUntil(
      'the invoice paid',
      () => eventsOf<InvoiceStatusChanged & ErpEvent>(Subjects.InvoiceStatusChanged, invoiceErpId).find((event) => event.status === 'paid'),
      ARRIVAL_BOUND_MS,
    );
    const shipped = await waitUntil(
      'the shipment',
      () => eventsOf<ShipmentShipped & ErpEvent>(Subjects.ShipmentShipped, fulfillment.id)[0],
      ARRIVAL_BOUND_MS,
    );
    const applied = await waitUntil(
      'the payment',
      () => eventsOf<PaymentApplied & ErpEvent>(Subjects.PaymentApplied, payment.id)[0],
      ARRIVAL_BOUND_MS,
    );
    process.stdout.write(`ERP → product: invoice paid arrived ${paid.change.readAt - paidAt} ms after the payment in NetSuite\n`);

    expect(paid).toMatchObject({
      status: 'paid',
      amountPaid: '100',
      balanceDue: '0',
      erpStatus: 'Paid In Full',
      change: { productEntityId: invoice.invoice.invoiceId },
    });
    expect(shipped).toMatchObject({
      orderErpRecordId: orderErpId,
      orderProductId: order.order.orderId,
      carrier: 'UPS',
      trackingNumbers: [`1Z${run}`],
      lines: [
        { sku: 'WIDGET-1', quantity: '10' },
        { sku: 'SERVICE-1', quantity: '1' },
      ],
      change: { erpRecordType: 'itemFulfillment', productEntityId: null },
    });
    expect(applied).toMatchObject({
      amount: '100',
      applications: [{ invoiceErpRecordId: invoiceErpId, invoiceProductId: invoice.invoice.invoiceId, amount: '100' }],
    });
    await waitUntil(
      'the order fulfilled',
      () =>
        eventsOf<SalesOrderStatusChanged & ErpEvent>(Subjects.SalesOrderStatusChanged, orderErpId).find(
          (event) => event.status === 'fulfilled',
        ),
      ARRIVAL_BOUND_MS,
    );

    // Several more polls: nothing is read twice, neither the changes before the restart nor those after.
    await new Promise((resolve) => setTimeout(resolve, (POLL_INTERVAL_SECONDS + SETTLE_SECONDS) * 3000));
    const ids = ofTenant().map((message) => message.value.change.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      ofTenant()
        .map((message) => `${message.recordName.split('.').pop()}:${String(message.value['status'] ?? '')}`)
        .sort(),
    ).toEqual(
      [
        'InvoiceStatusChanged:issued',
        'InvoiceStatusChanged:paid',
        'PaymentApplied:',
        'SalesOrderStatusChanged:acknowledged',
        'SalesOrderStatusChanged:fulfilled',
        'ShipmentShipped:',
      ].sort(),
    );

    // The analysts' topic tells each one, as an inbound delivery.
    const inbound = statuses.where((status) => status.tenantId === tenantId && status.stage === 'erp-read');
    expect(inbound.map((status) => status.value.eventId).sort()).toEqual([...ids].sort());
    expect(
      inbound.every(
        (status) => status.value.direction === 'inbound' && status.value.status === 'delivered' && status.value.sourceSystem === 'netsuite',
      ),
    ).toBe(true);
  });

  it('reads the connection again from a time when asked (backfill), with the same event ids, printing its progress', async () => {
    const before = new Set(ofTenant().map((message) => message.value.change.eventId));
    const seen = ofTenant().length;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(repositoryRoot(), 'dist', 'scripts', 'src', 'inbound-backfill.js'),
        ...['--tenant', tenantId, '--connection', 'netsuite-main', '--erp', 'netsuite', '--since', '2026-01-01T00:00:00Z'],
        ...['--database-prefix', `ferry_${purpose}_`, '--watch-seconds', '60'],
      ],
      { env: { ...process.env, DATABASE_URL: testStack().databaseUrl } },
    );
    expect(stdout).toMatch(/salesOrder: (waiting|read up to )/);
    expect(stdout).toMatch(/every feed read/);
    // Each record's current state once more: the order, the invoice, the payment and the fulfilment.
    const again = await waitUntil(
      'the records read again',
      () => ofTenant().length >= seen + 4 && ofTenant().slice(seen),
      ARRIVAL_BOUND_MS,
    );
    expect(again).toHaveLength(4);
    expect(again.every((message) => before.has(message.value.change.eventId))).toBe(true);
  });
});
