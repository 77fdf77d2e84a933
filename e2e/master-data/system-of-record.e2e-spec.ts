import { randomBytes, randomUUID } from 'node:crypto';
import { Topics, type CustomerUpserted, type SyncStatus, type SystemOfRecordConflict } from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

async function metricValue(metricsUrl: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(metricsUrl)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').pop());
}

/**
 * The tenant's system-of-record rules, enforced on both paths against the NetSuite simulator: NetSuite owns the
 * credit terms (currency, payment terms), the product owns the identity (name). A product write leaves NetSuite's
 * credit terms alone; a NetSuite change to its credit terms flows to the product; a NetSuite change to the name
 * is a conflict finding, not a canonical event. Real: every Ferry service, Kafka, the registry, PostgreSQL.
 */
describe('system-of-record rules on both paths (NetSuite owns credit terms, the product owns identity)', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `sor-${run}`;
  const account = `TSTDRV-SOR-${run}`.toUpperCase();
  let ferry: E2eEnvironment;
  let canonical: TopicCollector<CustomerUpserted>;
  let statuses: TopicCollector<SyncStatus>;
  let conflicts: TopicCollector<SystemOfRecordConflict>;
  let ingest: FerryApiClient;
  let apiKey: string;
  const simulator = () => ferry.processes.url('netsuite-simulator');
  const erpRecord = async (externalId: string) => {
    const records = (await (await fetch(`${simulator()}/__admin/accounts/${account}/records/customer`)).json()) as {
      id: string;
      externalId: string;
      fields: Record<string, unknown>;
    }[];
    return records.find((record) => record.externalId === externalId);
  };
  const editInErp = async (erpRecordId: string, fields: Record<string, unknown>) => {
    const response = await fetch(`${simulator()}/__admin/accounts/${account}/records/customer/${erpRecordId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    });
    expect(response.ok).toBe(true);
  };
  const delivered = (eventId: string) =>
    waitUntil(
      `the delivery of ${eventId} to NetSuite`,
      () => {
        const found = statuses.where((s) => s.eventId === eventId && s.stage === 'delivery' && s.status === 'delivered');
        return found.length > 0 && found[0]!.value;
      },
      90_000,
    );
  const customer = (customerId: string, version: number, overrides: Partial<CustomerUpserted['customer']>) => {
    const event = sampleCustomerUpserted(tenantId, { customerId, version });
    return { ...event, customer: { ...event.customer, ...overrides } };
  };
  const fromNetSuite = (customerId: string) =>
    canonical.where(
      (e) => e.envelope.tenantId === tenantId && e.envelope.entityId === customerId && e.envelope.sourceSystem === 'netsuite',
    );

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'e2e', env: { INBOUND_POLL_INTERVAL_SECONDS: '1', INBOUND_ECHO_SETTLE_SECONDS: '2' } });
    canonical = await new TopicCollector<CustomerUpserted>(Topics.canonicalEvents).start();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    conflicts = await new TopicCollector<SystemOfRecordConflict>(Topics.systemOfRecordConflicts).start();
    ({ apiKey } = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      accountId: account,
      simulatorUrl: simulator(),
    }));
    ingest = new FerryApiClient(ferry.processes.url('ingestion'), apiKey);
  });
  afterAll(async () => {
    await conflicts?.stop();
    await statuses?.stop();
    await canonical?.stop();
    await ferry?.stop();
  });

  it('refuses a rule naming a connection the tenant does not have, saying which', async () => {
    const refused = await ferry.controlPlane.request('PUT', `/v1/tenants/${tenantId}/policies`, {
      systemOfRecord: { 'customer.creditTerms': 'sap-main' },
    });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { details: { code: string; path: string; message: string }[] } }).error.details).toEqual([
      {
        code: 'UNKNOWN_SYSTEM',
        path: 'policies.systemOfRecord.customer.creditTerms',
        message: expect.stringContaining('"sap-main" is neither "product" nor a connection of the tenant ("netsuite-main")'),
      },
    ]);
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/policies`, {
      systemOfRecord: { 'customer.creditTerms': 'netsuite-main', 'customer.identity': 'product' },
    });
  });

  it('leaves the ERP-owned credit terms out of every product write, so NetSuite keeps its own', async () => {
    const customerId = `sor-out-${run}`;
    const created = customer(customerId, 1, { currency: 'EUR', paymentTerms: 'NET60', name: 'Product name v1' });
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: created }] });
    await delivered(created.envelope.eventId);
    const first = await erpRecord(`ferry-${customerId}`);
    expect(first?.fields).toMatchObject({ companyName: 'Product name v1' });
    expect(first?.fields).not.toHaveProperty('currency');
    expect(first?.fields).not.toHaveProperty('terms');

    // Finance sets the currency in NetSuite (its field); the product's next change must not overwrite it.
    await editInErp(first!.id, { currency: { refName: 'GBP' } });
    const updated = customer(customerId, 2, { currency: 'EUR', paymentTerms: 'NET60', name: 'Product name v2' });
    updated.envelope.eventId = randomUUID();
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: updated }] });
    await delivered(updated.envelope.eventId);
    expect((await erpRecord(`ferry-${customerId}`))?.fields).toMatchObject({
      companyName: 'Product name v2',
      currency: { refName: 'GBP' },
    });

    // And that NetSuite change to a field it owns reaches the product.
    const inGbp = () => fromNetSuite(customerId).filter((event) => event.value.customer.currency === 'GBP');
    const [flowed] = await waitUntil('the NetSuite currency change', () => inGbp().length > 0 && inGbp(), 30_000);
    expect(flowed!.value.customer).toMatchObject({ customerId, currency: 'GBP' });
  });

  it('raises a NetSuite change to the product-owned name as a conflict finding, and does not take it as truth', async () => {
    const customerId = `sor-in-${run}`;
    const created = customer(customerId, 1, { name: 'Name the product owns' });
    await ingest.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events: [{ type: 'CustomerUpserted', event: created }] });
    const status = await delivered(created.envelope.eventId);
    // Settle time (2 s) and several polls (1 s) later, Ferry's own write has been read back as the record's baseline
    // (and the credit terms NetSuite holds, which Ferry never wrote, reported as NetSuite's).
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const before = fromNetSuite(customerId).length;
    expect(fromNetSuite(customerId).map((event) => event.value.customer.name)).toEqual(Array(before).fill('Name the product owns'));

    await editInErp(status.erpRecordId!, { companyName: 'Renamed in NetSuite' });
    const [finding] = await waitUntil(
      'the conflict finding',
      () => {
        const found = conflicts.where((c) => c.tenantId === tenantId && c.entityId === customerId);
        return found.length > 0 && found;
      },
      30_000,
    );
    expect(finding!.value).toMatchObject({
      connectionId: 'netsuite-main',
      erpKind: 'netsuite',
      domain: 'customer',
      erpRecordId: status.erpRecordId,
      externalId: `ferry-${customerId}`,
      fieldGroup: 'identity',
      fieldPath: 'customer.name',
      owner: 'product',
      erpValueJson: '"Renamed in NetSuite"',
      keptValueJson: '"Name the product owns"',
    });
    expect(finding!.key).toBe(`${tenantId}:netsuite-main:${status.erpRecordId}`);
    // Only the conflicting field changed: nothing reaches the product, and no other finding is raised.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(fromNetSuite(customerId)).toHaveLength(before);
    expect(conflicts.where((c) => c.tenantId === tenantId && c.entityId === customerId)).toHaveLength(1);

    const series = new RegExp(`^ferry_system_of_record_conflicts_total\\{[^}]*tenant_id="${tenantId}"[^}]*field_group="identity"`);
    expect(await metricValue(ferry.processes.metricsUrl('inbound-sync'), series)).toBe(1);

    // Support sees it in the exception queue of the observability API.
    const queue = new FerryApiClient(ferry.processes.url('observability'), apiKey);
    const listed = await waitUntil(
      'the conflict in the exception queue',
      async () => {
        const { items } = await queue.expectOk<{ items: { findingId: string; fieldPath: string; erpValueJson: string }[] }>(
          'GET',
          `/v1/tenants/${tenantId}/master-data-conflicts?entityId=${customerId}`,
        );
        return items.length > 0 && items;
      },
      30_000,
    );
    expect(listed).toEqual([
      expect.objectContaining({ findingId: finding!.value.findingId, fieldPath: 'customer.name', erpValueJson: '"Renamed in NetSuite"' }),
    ]);
  });
});
