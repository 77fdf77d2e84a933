import { randomBytes } from 'node:crypto';
import { Topics, type CustomerUpserted } from '@ferry/contracts';
import { TopicCollector, onboardNetSuiteTenant, startFerry, waitUntil, type E2eEnvironment } from '@ferry/testing';

/** ERP → Ferry: a change made directly in the ERP becomes one canonical event, also across a poller restart. */
describe('inbound sync from NetSuite', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `inbound-${run}`;
  const account = `TSTDRV-IN-${run}`.toUpperCase();
  let ferry: E2eEnvironment;
  let canonical: TopicCollector<CustomerUpserted>;
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
    ferry = await startFerry({ purpose: 'e2e', env: { INBOUND_POLL_INTERVAL_SECONDS: '1' } });
    canonical = await new TopicCollector<CustomerUpserted>(Topics.canonicalEvents).start();
    await onboardNetSuiteTenant({ controlPlane: ferry.controlPlane, tenantId, accountId: account, simulatorUrl: simulator() });
  });
  afterAll(async () => {
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
});
