import { randomBytes, randomUUID } from 'node:crypto';
import { Subjects, Topics, entityKey, type CustomerUpserted, type GoldenCustomer } from '@ferry/contracts';
import { FerryApiClient, TopicCollector, startFerry, waitUntil, type E2eEnvironment } from '@ferry/testing';

/**
 * Golden records across the product and an ERP: two product customers and a NetSuite customer (as inbound-sync
 * publishes it: source system netsuite, NetSuite's own id) that are one real company, with typos and another
 * e-mail, become one golden record whose fields each name the source they came from; a different company stays a
 * golden record of its own; a NetSuite record that only shares that company's name waits for a steward, who merges
 * it through the API (audited). Real: ingestion, master-data, Kafka, the registry, PostgreSQL.
 */
describe('golden customer records from the product and an ERP (match, merge, steward review)', () => {
  const tenantId = `md-${randomBytes(3).toString('hex')}`;
  const t0 = Date.parse('2026-12-01T10:00:00Z');
  let ferry: E2eEnvironment;
  let golden: TopicCollector<GoldenCustomer>;
  let steward: FerryApiClient;

  /** The latest state of each of the tenant's golden ids, as the compacted topic would keep it. */
  const latest = (): Map<string, GoldenCustomer> => {
    const states = new Map<string, GoldenCustomer>();
    for (const { value } of golden.where((g) => g.tenantId === tenantId)) states.set(value.goldenId, value);
    return states;
  };
  const goldenOf = (source: string, recordId: string): GoldenCustomer | undefined =>
    [...latest().values()].find(
      (g) => g.status === 'active' && (g.sourceRecords ?? []).some((r) => r.source === source && r.recordId === recordId),
    );
  const members = (g: GoldenCustomer | undefined): string[] => (g?.sourceRecords ?? []).map((r) => `${r.source}:${r.recordId}`).sort();

  const publish = async (sourceSystem: string, customerId: string, minutes: number, customer: Partial<CustomerUpserted['customer']>) => {
    const event: CustomerUpserted = {
      envelope: {
        eventId: randomUUID(),
        tenantId,
        correlationId: randomUUID(),
        causationId: null,
        occurredAt: t0 + minutes * 60_000,
        sourceSystem,
        entityId: customerId,
        entityVersion: t0 + minutes * 60_000,
      },
      customer: {
        customerId,
        accountNumber: null,
        name: '',
        legalName: null,
        email: null,
        phone: null,
        taxId: null,
        currency: 'GBP',
        status: 'active',
        isTestAccount: false,
        paymentTerms: null,
        hierarchy: { parentCustomerId: null, ultimateParentCustomerId: null, depth: 0 },
        billingAddress: null,
        shippingAddress: null,
        contacts: [],
        attributes: {},
        ...customer,
      },
    };
    await ferry.producer.publish({
      topic: Topics.productEvents,
      key: entityKey(tenantId, 'customer', customerId),
      subject: Subjects.CustomerUpserted,
      value: event,
    });
  };

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'e2e', services: ['ingestion', 'master-data'] });
    golden = await new TopicCollector<GoldenCustomer>(Topics.goldenCustomers).start();
    steward = new FerryApiClient(ferry.processes.url('master-data'), ferry.operatorToken);
  });
  afterAll(async () => {
    await golden?.stop();
    await ferry?.stop();
  });

  it('makes one golden record with lineage across sources for one company, and keeps another company apart', async () => {
    await publish('product', 'p-1', 0, {
      name: 'Acme Industrial Supplies Ltd',
      taxId: 'GB123456789',
      email: 'ap@acme.example',
      phone: '+44 113 496 0000',
      billingAddress: { line1: '12 Harbour Road', line2: null, city: 'Leeds', region: null, postalCode: 'LS1 4AB', countryCode: 'GB' },
    });
    // A duplicate in the product itself: a typo in the name, another e-mail, the same tax id written with spaces.
    await publish('product', 'p-2', 1, {
      name: 'Acme Industrail Supplies',
      taxId: 'GB 123 456 789',
      email: 'accounts@acme.example',
      billingAddress: { line1: '12 Harbour Rd', line2: null, city: 'Leeds', region: null, postalCode: 'LS1 4AB', countryCode: 'GB' },
    });
    // The same company as NetSuite holds it (what inbound-sync publishes: no tax id, NetSuite's own id), edited last.
    await publish('netsuite', 'netsuite-881', 2, {
      name: 'ACME Industrial Supplies Ltd.',
      email: 'ap@acme.example',
      phone: '+44 113 496 0000',
    });
    await publish('product', 'p-3', 3, {
      name: 'Borealis Timber AB',
      email: 'info@borealis.example',
      phone: '+46 8 123 456',
      billingAddress: { line1: 'Sågvägen 4', line2: null, city: 'Umeå', region: null, postalCode: '903 27', countryCode: 'SE' },
      currency: 'SEK',
    });

    const acme = await waitUntil(
      'one golden record holding both product customers and the NetSuite customer',
      () => {
        const found = goldenOf('product', 'p-1');
        return members(found).length === 3 && found;
      },
      90_000,
    );
    expect(members(acme)).toEqual(['netsuite:netsuite-881', 'product:p-1', 'product:p-2']);
    const field = (path: string) => acme.fields?.find((f) => f.path === path);
    expect(field('name.organisation')).toMatchObject({
      value: 'ACME Industrial Supplies Ltd.',
      source: 'netsuite',
      recordId: 'netsuite-881',
      rule: 'mostRecent',
    });
    expect(field('taxId')).toMatchObject({ value: 'GB 123 456 789', source: 'product', recordId: 'p-2' });
    expect(field('address.postcode')).toMatchObject({ value: 'LS1 4AB', source: 'product' });
    expect(field('phone')).toMatchObject({ source: 'netsuite', recordId: 'netsuite-881' });

    const borealis = await waitUntil('the other company as a golden record of its own', () => goldenOf('product', 'p-3'), 30_000);
    expect(borealis.goldenId).not.toBe(acme.goldenId);
    expect(members(borealis)).toEqual(['product:p-3']);
    const activeIds = [...latest().values()].filter((g) => g.status === 'active').map((g) => g.goldenId);
    expect(activeIds.sort()).toEqual([acme.goldenId, borealis.goldenId].sort());
    for (const message of golden.where((g) => g.tenantId === tenantId)) expect(message.key).toBe(`${tenantId}:${message.value.goldenId}`);

    // The steward API answers the same record with every source record as matched.
    const view = await steward.expectOk<{ goldenCustomer: GoldenCustomer; sourceRecords: { recordKey: string }[] }>(
      'GET',
      `/v1/tenants/${tenantId}/golden-customers/${acme.goldenId}`,
    );
    expect(view.goldenCustomer.goldenId).toBe(acme.goldenId);
    expect(view.sourceRecords.map((r) => r.recordKey).sort()).toEqual(['netsuite:netsuite-881', 'product:p-1', 'product:p-2']);
    expect(
      (
        await new FerryApiClient(ferry.processes.url('master-data')).request(
          'GET',
          `/v1/tenants/${tenantId}/golden-customers/${acme.goldenId}`,
        )
      ).status,
    ).toBe(401);
  });

  it('queues a doubtful pair for a steward, whose merge decision merges the golden records and is audited', async () => {
    await publish('netsuite', 'netsuite-990', 4, { name: 'Borealis Timber' });
    const doubtful = await waitUntil(
      'the name-only NetSuite record as a golden record',
      () => goldenOf('netsuite', 'netsuite-990'),
      30_000,
    );
    const borealis = goldenOf('product', 'p-3');
    expect(doubtful.goldenId).not.toBe(borealis?.goldenId);

    const review = await waitUntil(
      'the pair in the review queue',
      async () => {
        const { items } = await steward.expectOk<{
          items: {
            reviewId: string;
            leftKey: string;
            rightKey: string;
            probability: number;
            comparison: { fields: { comparison: string; level: string }[] };
          }[];
        }>('GET', `/v1/tenants/${tenantId}/match-reviews`);
        return items.length > 0 && items[0];
      },
      30_000,
    );
    expect(review).toMatchObject({ leftKey: 'netsuite:netsuite-990', rightKey: 'product:p-3' });
    expect(review.probability).toBeGreaterThanOrEqual(0.5);
    expect(review.probability).toBeLessThan(0.95);
    expect(review.comparison.fields).toContainEqual(expect.objectContaining({ comparison: 'organisationName', level: 'exact' }));

    const decided = await steward.expectOk<{ review: { status: string; decidedBy: string } }>(
      'POST',
      `/v1/tenants/${tenantId}/match-reviews/${review.reviewId}/decision`,
      { decision: 'merge', reason: 'same company, account opened in NetSuite by sales' },
    );
    expect(decided.review).toMatchObject({ status: 'merged', decidedBy: 'operator' });

    const merged = await waitUntil(
      'the merged-away golden id naming its survivor',
      () => {
        const state = latest().get(doubtful.goldenId);
        return state?.status === 'merged' && state;
      },
      30_000,
    );
    expect(merged.mergedInto).toBe(borealis?.goldenId);
    const survivor = latest().get(borealis?.goldenId ?? '');
    expect(members(survivor)).toEqual(['netsuite:netsuite-990', 'product:p-3']);
    expect(survivor?.aliases).toEqual([doubtful.goldenId]);

    const again = await steward.request('POST', `/v1/tenants/${tenantId}/match-reviews/${review.reviewId}/decision`, {
      decision: 'keepApart',
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'REVIEW_ALREADY_DECIDED' } } });
    const audit = await steward.expectOk<{ items: { actor: string; action: string; reason: string }[] }>(
      'GET',
      `/v1/tenants/${tenantId}/operator-audit`,
    );
    expect(audit.items).toEqual([
      expect.objectContaining({
        actor: 'operator',
        action: 'match-review.merge',
        reason: 'same company, account opened in NetSuite by sales',
      }),
    ]);
  });
});
