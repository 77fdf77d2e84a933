import { setTimeout as sleep } from 'node:timers/promises';
import { Topics } from '@ferry/contracts';
import {
  FAST_POLICIES,
  FaultHarness,
  FerryApiClient,
  PrivatePostgres,
  TcpGate,
  localKafkaBroker,
  rotateNetSuiteCredentials,
  sampleCustomerUpserted,
  testKafka,
  waitUntil,
  type Books,
  type FaultTenant,
} from '@ferry/testing';

/**
 * The delivery guarantees under fault: each scenario streams customers (with updates) and orders for several
 * tenants, breaks something mid-stream, and then checks the books — every event in a final state, every ERP
 * record present once at its newest version — and prints a row of the suite's table.
 * FERRY_FAULTS=crash,kafka,… runs a subset (default: all).
 */
const selected = new Set((process.env['FERRY_FAULTS'] ?? 'all').split(',').map((name) => name.trim()));
const scenario = (name: string) => (selected.has('all') || selected.has(name) ? it : it.skip);

const SERVICES = ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite', 'observability'] as const;
const PLAN = { customers: 8, versions: 3, orders: 8 };
const STREAM_MS = 8_000;

function expectClean(books: Books, expected: { deadLettered?: number } = {}): void {
  expect({ lost: books.lost, duplicateRecords: books.duplicateRecords, wrongVersion: books.wrongVersion }).toEqual({
    lost: 0,
    duplicateRecords: 0,
    wrongVersion: 0,
  });
  expect(books.deadLettered).toBe(expected.deadLettered ?? 0);
  expect(books.delivered + books.stale + books.deadLettered).toBe(books.sent);
}

describe('delivery guarantees under faults', () => {
  const postgres = new PrivatePostgres();
  let harness: FaultHarness;
  let run = 0;
  const tenantsFor = async (prefix: string, count: number, options: { erpUrl?: (i: number) => string | undefined } = {}) => {
    run += 1;
    const stamp = `${Date.now().toString(36)}${run}`;
    const tenants: FaultTenant[] = [];
    for (let i = 0; i < count; i += 1) {
      const erpUrl = options.erpUrl?.(i);
      tenants.push(await harness.onboard(`${prefix}-${stamp}-${i}`, erpUrl ? { erpUrl } : {}));
    }
    return tenants;
  };
  const faults = (tenant: FaultTenant, body: Record<string, unknown>) =>
    fetch(`${harness.env.simulatorUrl}/__admin/accounts/${tenant.accountId}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    postgres.reset();
    postgres.start();
    harness = await FaultHarness.start({ purpose: 'faults', services: SERVICES, env: { DATABASE_URL: postgres.url } });
  });
  afterAll(async () => {
    await harness?.stop();
    postgres.stop();
  });

  scenario('crash')('kill -9 of delivery and transformation mid-stream, then restart: nothing lost, nothing twice', async () => {
    const tenants = await tenantsFor('crash', 3);
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 3_000,
      run: async () => {
        await Promise.all([harness.env.processes.kill('delivery-netsuite'), harness.env.processes.kill('transformation')]);
        await sleep(1_500);
        await Promise.all([harness.env.processes.respawn('delivery-netsuite'), harness.env.processes.respawn('transformation')]);
      },
    });
    await harness.settle(tenants);
    const books = await harness.books(tenants);
    harness.record('kill -9 delivery + transformation', '', books);
    expectClean(books);
  });

  scenario('replicas')('two delivery replicas share the lanes; one is killed and the other takes its lanes over', async () => {
    const replica = await harness.env.processes.startReplica('delivery-netsuite', 1);
    try {
      const tenants = await tenantsFor('replicas', 4);
      // Slow answers, so both replicas have requests in flight at once and the tenant's limit is really tested.
      for (const tenant of tenants) await faults(tenant, { latencyMs: 200 });
      await harness.stream(tenants, PLAN, 2_000, {
        atMs: 1_500,
        run: async () => {
          await harness.env.processes.kill('delivery-netsuite');
        },
      });
      await harness.settle(tenants);
      const books = await harness.books(tenants);
      const pressure = await Promise.all(tenants.map((tenant) => harness.erpPressure(tenant)));
      const peak = Math.max(...pressure.map((stats) => stats.peakInFlight));
      harness.record(
        `two delivery replicas, one killed (peak ${peak} requests in flight per account, limit ${FAST_POLICIES.maxConcurrency})`,
        '',
        books,
      );
      expectClean(books);
      // One budget per tenant however many replicas run: never more in flight than the tenant's policy allows.
      for (const stats of pressure) expect(stats).toMatchObject({ concurrencyRefusals: 0 });
      expect(peak).toBeLessThanOrEqual(FAST_POLICIES.maxConcurrency);
    } finally {
      await harness.env.processes.respawn('delivery-netsuite');
      await harness.env.processes.signal(replica);
    }
  });

  // Only the repository's own local stack can be stopped and started from here; elsewhere jest reports it skipped.
  (localKafkaBroker.managedHere() ? scenario('kafka') : it.skip)('the Kafka broker stops mid-stream and comes back', async () => {
    const tenants = await tenantsFor('kafka', 3);
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 3_000,
      run: async () => {
        await localKafkaBroker.stop();
        await sleep(4_000);
        await localKafkaBroker.start();
      },
    });
    await harness.settle(tenants, 180_000);
    const books = await harness.books(tenants);
    harness.record('Kafka broker stopped 4 s and restarted', '', books);
    expectClean(books);
  });

  scenario('postgres')('PostgreSQL restarts mid-stream', async () => {
    const tenants = await tenantsFor('postgres', 3);
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 3_000,
      run: async () => {
        postgres.stop();
        await sleep(3_000);
        postgres.start();
      },
    });
    await harness.settle(tenants, 180_000);
    const books = await harness.books(tenants);
    harness.record('PostgreSQL stopped 3 s and restarted', '', books);
    expectClean(books);
  });

  scenario('erp-down')('one tenant’s ERP answers 503 and another’s refuses connections; both recover, the others flow', async () => {
    // 4191, not 4190: fetch refuses 4190 (ManageSieve) as a "bad port".
    const gate = new TcpGate(4191, { host: '127.0.0.1', port: Number(new URL(harness.env.simulatorUrl).port) });
    await gate.open();
    try {
      const tenants = await tenantsFor('erpdown', 4, { erpUrl: (i) => (i === 1 ? gate.url : undefined) });
      const [maintenance, refused, ...healthy] = tenants as [FaultTenant, FaultTenant, ...FaultTenant[]];
      const outage = { from: 0, to: 0 };
      await harness.stream(tenants, PLAN, STREAM_MS, {
        atMs: 1_500,
        run: async () => {
          await faults(maintenance, { maintenance: true });
          await gate.close();
          outage.from = Date.now();
          await sleep(6_000);
          outage.to = Date.now();
          await faults(maintenance, {});
          await gate.open();
        },
      });
      await harness.settle(tenants, 180_000);
      const failing = await harness.books([maintenance, refused]);
      const others = await harness.books(healthy);
      harness.record('ERP down 6 s (503 / connection refused)', 'failing tenants', failing);
      harness.record('ERP down 6 s (503 / connection refused)', 'other tenants', others);
      expectClean(failing);
      expectClean(others);
      // Bulkheads: the other tenants kept being delivered while two ERPs were down (their lanes never waited).
      expect(harness.deliveredBetween(healthy, outage.from + 1_000, outage.to)).toBeGreaterThan(0);
      expect(harness.deliveredBetween([refused], outage.from + 1_000, outage.to)).toBe(0);
    } finally {
      await gate.close();
    }
  });

  scenario('throttle')('a throttling storm with Retry-After, and a maintenance window', async () => {
    const tenants = await tenantsFor('throttle', 3);
    const [stormy, maintained] = tenants as [FaultTenant, FaultTenant, FaultTenant];
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 1_000,
      run: async () => {
        await faults(stormy, { throttleRate: 0.6, retryAfterSeconds: 1 });
        await faults(maintained, { maintenance: true });
        await sleep(4_000);
        await faults(maintained, {});
        await sleep(2_000);
        await faults(stormy, {});
      },
    });
    await harness.settle(tenants, 180_000);
    const books = await harness.books(tenants);
    harness.record('throttling storm (60% 429, Retry-After 1 s) + 4 s maintenance', '', books);
    expectClean(books);
  });

  scenario('credentials')('expired tokens are refreshed; revoked credentials park the lane until new ones are configured', async () => {
    const tenants = await tenantsFor('credentials', 3);
    const [expiring, revoked] = tenants as [FaultTenant, FaultTenant, FaultTenant];
    const admin = (path: string) => fetch(`${harness.env.simulatorUrl}/__admin/accounts/${path}`, { method: 'POST' });
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 2_000,
      run: async () => {
        await admin(`${expiring.accountId}/tokens/expire`);
        await admin(`${revoked.accountId}/clients/${revoked.netsuiteClientId}/revoke`);
      },
    });
    // The revoked tenant's lane parks with the ERP's reason instead of burning retries.
    const delivery = new FerryApiClient(harness.env.processes.url('delivery-netsuite'), harness.env.operatorToken);
    const parked = await waitUntil('the revoked tenant’s lane parked', async () => {
      const { lanes } = await delivery.expectOk<{ lanes: { circuit: string | null; parkedReason: string | null }[] }>(
        'GET',
        `/v1/tenants/${revoked.tenantId}/delivery-lanes`,
      );
      return lanes.find((lane) => lane.circuit === 'parked');
    });
    expect(parked.parkedReason).toMatch(/revoked|invalid_client/i);
    expect(harness.statusesOf(revoked, 'parked').length).toBeGreaterThan(0);
    const waiting = (await harness.books([revoked])).lost;
    expect(waiting).toBeGreaterThan(0);
    // The operator registers a new certificate on the account and updates the connection: the lane resumes.
    await rotateNetSuiteCredentials({
      controlPlane: harness.env.controlPlane,
      tenantId: revoked.tenantId,
      accountId: revoked.accountId,
      simulatorUrl: harness.env.simulatorUrl,
    });
    await harness.settle(tenants, 120_000);
    const books = await harness.books(tenants);
    harness.record(`token expiry + revoked credentials (${waiting} events parked, then resumed)`, '', books);
    expectClean(books);
    expect(harness.statusesOf(expiring, 'dead_lettered')).toHaveLength(0);
  });

  scenario('ambiguous')('the connection drops after the ERP applied the write: looked up, confirmed, never written twice', async () => {
    const tenants = await tenantsFor('ambiguous', 2);
    const [flaky] = tenants as [FaultTenant, FaultTenant];
    await harness.stream(tenants, PLAN, STREAM_MS, {
      atMs: 2_000,
      run: async () => {
        await faults(flaky, { resetAfterWrite: true });
        await sleep(3_000);
        await faults(flaky, {});
      },
    });
    await harness.settle(tenants, 120_000);
    const books = await harness.books(tenants);
    const flakyBooks = await harness.books([flaky]);
    harness.record('connection reset after the write was applied, 3 s', '', books);
    expectClean(books);
    // Each write the ERP applied before the reset was confirmed by a look-up, not sent again.
    expect(flakyBooks.repeatWrites).toBe(0);
    expect(harness.statusesOf(flaky, 'retrying').length).toBeGreaterThan(0);
  });

  scenario('poison')('poison messages and ERP validation errors are dead-lettered, then replayed after a mapping fix, once', async () => {
    const [tenant] = (await tenantsFor('poison', 1)) as [FaultTenant];
    const api = new FerryApiClient(harness.env.processes.url('observability'), tenant.apiKey);
    // Not Avro at all: ingestion parks it with its bytes.
    const raw = testKafka('faults-poison').producer();
    await raw.connect();
    await raw.send({
      topic: Topics.productEvents,
      messages: [{ key: `${tenant.tenantId}:customer:poison`, value: Buffer.from('{"not":"avro"}') }],
    });
    await raw.disconnect();
    // Customers NetSuite refuses (an e-mail address it does not accept), among good ones.
    for (let i = 0; i < 6; i += 1) {
      await harness.publish(
        sampleCustomerUpserted(tenant.tenantId, {
          customerId: `c${i}`,
          name: `Customer ${i} v1`,
          version: 1,
          email: i % 2 === 0 ? 'not-an-email' : `c${i}@example.com`,
        }),
      );
    }
    await harness.settle([tenant]);
    const before = await harness.books([tenant]);
    expect(before.deadLettered).toBe(3);
    const listed = await waitUntil('the dead letters in the exception queue', async () => {
      const { body } = await api.request<{ items: { deadLetterId: string; service: string; errorClass: string; errorMessage: string }[] }>(
        'GET',
        `/v1/tenants/${tenant.tenantId}/dead-letters?limit=50`,
      );
      return body.items.length >= 4 ? body.items : undefined;
    });
    const validation = listed.filter((item) => item.service === 'delivery-netsuite');
    expect(validation).toHaveLength(3);
    expect(validation[0]).toMatchObject({ errorClass: 'validation' });
    expect(validation[0]!.errorMessage).toMatch(/email/i);
    expect(listed.some((item) => item.service === 'ingestion' && item.errorClass === 'malformed')).toBe(true);

    // The fix: addresses NetSuite would refuse are left out.
    await harness.env.controlPlane.expectOk('PUT', `/v1/tenants/${tenant.tenantId}/mappings/customer`, {
      fieldExpressions: { email: "$contains(customer.email, '@') ? customer.email : null" },
    });
    const ids = validation.map((item) => item.deadLetterId);
    const dryRun = await api.expectOk<{
      items: { outcome: string; preview?: { decision: string; commands?: { payload: Record<string, unknown> }[] } }[];
    }>('POST', `/v1/tenants/${tenant.tenantId}/dead-letters/replay`, { ids, dryRun: true });
    expect(dryRun.items.map((item) => item.outcome)).toEqual(['would_replay', 'would_replay', 'would_replay']);
    expect(dryRun.items[0]!.preview!.decision).toBe('deliver');
    expect(dryRun.items[0]!.preview!.commands![0]!.payload['email'] ?? null).toBeNull();
    const replayed = await api.expectOk<{ items: { outcome: string }[] }>('POST', `/v1/tenants/${tenant.tenantId}/dead-letters/replay`, {
      ids,
    });
    expect(replayed.items.map((item) => item.outcome)).toEqual(['replayed', 'replayed', 'replayed']);
    const again = await api.expectOk<{ items: { outcome: string; reason: string }[] }>(
      'POST',
      `/v1/tenants/${tenant.tenantId}/dead-letters/replay`,
      { ids },
    );
    expect(again.items.every((item) => item.outcome === 'refused' && /NOT_OPEN|ALREADY_REPLAYED/.test(item.reason))).toBe(true);

    await harness.settle([tenant], 60_000, { delivered: true });
    const after = await harness.books([tenant]);
    harness.record('poison message + 3 validation errors dead-lettered, replayed after a mapping fix', '', after);
    expect(after.delivered).toBe(6);
    expectClean(after);
    const customers = await harness.erpRecords(tenant, 'customer');
    expect(customers).toHaveLength(6);
  });
});
