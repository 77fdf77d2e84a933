import { randomBytes, randomUUID } from 'node:crypto';
import { Subjects, Topics, entityKey, type SyncStatus } from '@ferry/contracts';
import {
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

interface WebhookRecord {
  type: string;
  externalId: string;
  record: Record<string, unknown>;
}

/**
 * One entity type sent to two targets (issue 11 §5): a NetSuite tenant also sends its orders to a warehouse
 * system's webhook, mapped from the webhook template with an override of its own ("sales_order@warehouse").
 * Each target has its own command and lane: while the warehouse answers 503, NetSuite still gets every order;
 * when the warehouse recovers, it gets them too, once each.
 */
describe('one entity type delivered to several targets, one failing without holding up the other', () => {
  const tenant = `e2e-${randomUUID().slice(0, 8)}`;
  const account = `TSTDRV-${tenant.toUpperCase()}`;
  const endpointId = `wms-${tenant}`;
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;

  beforeAll(async () => {
    ferry = await startFerry({
      purpose: 'e2e_targets',
      services: [
        'netsuite-simulator',
        'webhook-receiver',
        'control-plane',
        'ingestion',
        'transformation',
        'delivery-netsuite',
        'delivery-webhook',
      ],
    });
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: tenant,
      accountId: account,
      simulatorUrl: ferry.simulatorUrl,
    });
    const signingSecret = randomBytes(32).toString('base64url');
    const registered = await fetch(`${ferry.webhookReceiverUrl}/__admin/endpoints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpointId, signingSecret }),
    });
    expect(registered.status).toBeLessThan(300);
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${tenant}/connections/warehouse`, {
      erpKind: 'webhook',
      baseUrl: `${ferry.webhookReceiverUrl}/${endpointId}`,
      authKind: 'hmac_sha256',
      settings: {},
      credentials: { signingSecret },
    });
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${tenant}/mappings/sales_order@warehouse`, {
      fieldExpressions: { priority: "$number(order.total.amount) >= 1000 ? 'high' : 'normal'" },
    });
  });

  afterAll(async () => {
    await statuses?.stop();
    await ferry?.stop();
  });

  async function publish(subject: string, entityType: string, entityId: string, value: unknown): Promise<void> {
    await ferry.producer.publish({ topic: Topics.productEvents, key: entityKey(tenant, entityType, entityId), subject, value });
  }

  const webhookRecords = async () =>
    (await (await fetch(`${ferry.webhookReceiverUrl}/__admin/endpoints/${endpointId}/records`)).json()) as WebhookRecord[];
  const netsuiteOrders = async () =>
    (await (await fetch(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/salesOrder`)).json()) as { externalId: string }[];

  it('refuses a second target on the connection the template mapping already uses', async () => {
    const response = await ferry.controlPlane.request('PUT', `/v1/tenants/${tenant}/mappings/sales_order@netsuite-main`, {
      fieldExpressions: {},
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('already goes to connection');
  });

  it('delivers each order to NetSuite while the warehouse is down, and to the warehouse once it is back', async () => {
    const faults = (failWith: number | null) =>
      fetch(`${ferry.webhookReceiverUrl}/__admin/endpoints/${endpointId}/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ failWith }),
      });
    await faults(503);

    const customer = sampleCustomerUpserted(tenant, { customerId: 'c-1', name: 'Two Targets Ltd' });
    await publish(Subjects.CustomerUpserted, 'customer', 'c-1', customer);
    const orders = ['o-1', 'o-2', 'o-3'].map((orderId) => sampleSalesOrderUpserted(tenant, { orderId, customerId: 'c-1' }));
    for (const order of orders) await publish(Subjects.SalesOrderUpserted, 'sales_order', order.envelope.entityId, order);

    const deliveredTo = (eventId: string, connectionId: string) =>
      statuses.where((s) => s.eventId === eventId && s.connectionId === connectionId && s.status === 'delivered').length > 0;
    await waitUntil(
      'every order delivered to NetSuite',
      () => orders.every((order) => deliveredTo(order.envelope.eventId, 'netsuite-main')),
      120_000,
      250,
    );
    expect((await netsuiteOrders()).map((record) => record.externalId).sort()).toEqual(['ferry-so-o-1', 'ferry-so-o-2', 'ferry-so-o-3']);
    // The warehouse refused every try so far: its commands wait in their own lane, retrying.
    expect(await webhookRecords()).toEqual([]);
    expect(orders.some((order) => deliveredTo(order.envelope.eventId, 'warehouse'))).toBe(false);
    await waitUntil(
      'the warehouse lane retrying',
      () => statuses.where((s) => s.connectionId === 'warehouse' && s.status === 'retrying').length > 0,
      60_000,
      250,
    );

    await faults(null);
    await waitUntil(
      'every order delivered to the warehouse',
      () => orders.every((order) => deliveredTo(order.envelope.eventId, 'warehouse')),
      120_000,
      250,
    );
    const received = (await webhookRecords()).filter((record) => record.type === 'order');
    expect(received.map((record) => record.externalId).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    // Shaped by the webhook template plus the tenant's override for this target only.
    for (const record of received) expect(record.record).toMatchObject({ customerId: 'c-1', priority: 'high' });
    expect((await netsuiteOrders()).length).toBe(3);
  });
});
