import { randomBytes } from 'node:crypto';
import { Topics, type CustomerUpserted, type SyncStatus } from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

/**
 * ERP → Ferry: a change made directly in the ERP becomes one canonical event, also across a poller restart;
 * Ferry's own writes read back from the ERP (echoes) do not.
 */
describe('inbound sync from NetSuite', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `inbound-${run}`;
  const account = `TSTDRV-IN-${run}`.toUpperCase();
  let ferry: E2eEnvironment;
  let canonical: TopicCollector<CustomerUpserted>;
  let statuses: TopicCollector<SyncStatus>;
  let ingest: FerryApiClient;
  const simulator = () => ferry.processes.url('netsuite-simulator');
  const createInErp = async (companyName: string) =>
    (await (
      await fetch(`${simulator()}/__admin/accounts/${account}/records/customer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ companyName, subsidiary: { id: '1' }, email: 'finance@example.com' }),
      })
    ).json()) as { id: string };
  const eventsFor = (entityId: string) =>
    canonical.where((event) => event.envelope.tenantId === tenantId && event.envelope.entityId === entityId);

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'e2e', env: { INBOUND_POLL_INTERVAL_SECONDS: '1', INBOUND_ECHO_SETTLE_SECONDS: '2' } });
    canonical = await new TopicCollector<CustomerUpserted>(Topics.canonicalEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const { apiKey } = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      accountId: account,
      simulatorUrl: simulator(),
    });
    ingest = new FerryApiClient(ferry.processes.url('ingestion'), apiKey);
  });
  afterAll(async () => {
    await statuses?.stop();
    await canonical?.stop();
    await ferry?.stop();
  });

  it('publishes a customer created in NetSuite once, with NetSuite as its source', async () => {
    const { id } = await createInErp('Created by finance in NetSuite');
    const [event] = await waitUntil(
      'the inbound event',
      () => eventsFor(`netsuite-${id}`).length > 0 && eventsFor(`netsuite-${id}`),
      30_000,
    );
    expect(event!.value.envelope.sourceSystem).toBe('netsuite');
    expect(event!.value.customer).toMatchObject({
      customerId: `netsuite-${id}`,
      name: 'Created by finance in NetSuite',
      email: 'finance@example.com',
      status: 'active',
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(eventsFor(`netsuite-${id}`)).toHaveLength(1);
  });

  it('neither misses nor repeats a change across a restart of the poller', async () => {
    const [first] = canonical.where((event) => event.envelope.tenantId === tenantId);
    await ferry.processes.restart('inbound-sync');
    const { id } = await createInErp('Created while Ferry restarted');
    await waitUntil('the change after the restart', () => eventsFor(`netsuite-${id}`).length > 0 || undefined, 30_000);
    await fetch(
      `${simulator()}/__admin/accounts/${account}/records/customer/${first!.value.customer.customerId.replace('netsuite-', '')}`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ companyName: 'Renamed by finance' }),
      },
    );
    await waitUntil('the edit', () => eventsFor(first!.value.envelope.entityId).length === 2 || undefined, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(eventsFor(first!.value.envelope.entityId).map((event) => event.value.customer.name)).toEqual([
      'Created by finance in NetSuite',
      'Renamed by finance',
    ]);
    expect(eventsFor(`netsuite-${id}`)).toHaveLength(1);
  });

  it('does not read back a customer Ferry delivered to NetSuite, but does read a later edit made in NetSuite', async () => {
    const product = sampleCustomerUpserted(tenantId, { customerId: `echo-${run}` });
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: product }] });
    const [delivered] = await waitUntil(
      'the delivery to NetSuite',
      () => {
        const found = statuses.where(
          (status) => status.eventId === product.envelope.eventId && status.stage === 'delivery' && status.status === 'delivered',
        );
        return found.length > 0 && found;
      },
      30_000,
    );
    const fromNetSuite = () =>
      canonical.where(
        (event) =>
          event.envelope.tenantId === tenantId &&
          event.envelope.entityId === product.customer.customerId &&
          event.envelope.sourceSystem === 'netsuite',
      );
    // Settle time (2 s) and several polls (1 s) later, Ferry's own write has been read and not published.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(fromNetSuite()).toHaveLength(0);

    await fetch(`${simulator()}/__admin/accounts/${account}/records/customer/${delivered!.value.erpRecordId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ap@example.com' }),
    });
    const [edit] = await waitUntil('the edit made in NetSuite', () => fromNetSuite().length > 0 && fromNetSuite(), 30_000);
    expect(edit!.value.customer).toMatchObject({ customerId: product.customer.customerId, email: 'ap@example.com' });
  });
});
