import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import { SchemaCatalog, Subjects, Topics, type DeadLetterRecord, type ReconciliationFinding, type SyncStatus } from '@ferry/contracts';
import {
  FERRY_SERVICES,
  TopicCollector,
  demoTenantDefinition,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  startFerry,
  testKafka,
  testRegistry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

interface SimulatedRecord {
  id: string;
  externalId: string;
  fields: Record<string, unknown>;
  writeCount: number;
}

/** The tenant's API key (ingest, read, admin), set once onboarding is done. */
let apiKey = '';
let configurationVersion = 0;

async function json<T>(url: string, init: RequestInit = {}, token = apiKey): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function metricValue(metricsUrl: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(metricsUrl)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').pop());
}

/** One raw HTTP/1.1 request, exactly as written: fetch would refuse or re-encode a malformed URL. */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('a customer event published by the product reaches the ERP through every service', () => {
  const tenant = `e2e-${randomUUID().slice(0, 8)}`;
  const otherTenant = `e2e-${randomUUID().slice(0, 8)}`;
  const account = `TSTDRV-${tenant.toUpperCase()}`;
  let ferry: E2eEnvironment;
  let product: Producer;
  let productRegistry: SchemaRegistry;
  let statuses: TopicCollector<SyncStatus>;
  let deadLetters: TopicCollector<DeadLetterRecord>;

  /** Publishes exactly as a SaaS product would: its own registry client and kafkajs producer, Avro in the Confluent wire format. */
  async function publishAsProduct(key: string, value: Buffer): Promise<void> {
    await product.send({ topic: Topics.productEvents, messages: [{ key, value }] });
  }

  async function encodeAsProduct(event: unknown): Promise<Buffer> {
    const schema = SchemaCatalog.load().subject(Subjects.CustomerUpserted).schemaText;
    const { id } = await productRegistry.register({ type: 'AVRO', schema } as never, {
      subject: Subjects.CustomerUpserted,
      compatibility: 'FULL_TRANSITIVE' as never,
    });
    return productRegistry.encode(id, event);
  }

  const records = async (): Promise<SimulatedRecord[]> =>
    (await json<SimulatedRecord[]>(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/customer`)).body;

  beforeAll(async () => {
    ferry = await startFerry();
    productRegistry = testRegistry('product').schemaRegistry();
    product = testKafka('saas-product', 'product').producer();
    await product.connect();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    deadLetters = await new TopicCollector<DeadLetterRecord>(Topics.deadLetter('ingestion')).start();
    const onboarded = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: tenant,
      accountId: account,
      simulatorUrl: ferry.simulatorUrl,
      mappingOverrides: demoTenantDefinition().mappingOverrides,
    });
    apiKey = onboarded.apiKey;
    configurationVersion = onboarded.configurationVersion;
  });

  afterAll(async () => {
    await statuses?.stop();
    await deadLetters?.stop();
    await product?.disconnect();
    await ferry?.stop();
  });

  const event = sampleCustomerUpserted(tenant, { name: 'Globex Corporation', email: 'ap@globex.example' });
  const key = `${tenant}:customer:${event.envelope.entityId}`;

  it('delivers the mapped record to the ERP once and says so on sync-status', async () => {
    await publishAsProduct(key, await encodeAsProduct(event));

    const delivered = await waitUntil(
      'a delivered SyncStatus',
      () => statuses.where((s) => s.eventId === event.envelope.eventId && s.stage === 'delivery' && s.status === 'delivered')[0],
      60_000,
    );
    const held = await records();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      externalId: `ferry-${event.customer.customerId}`,
      fields: {
        companyName: 'Globex Corporation',
        email: 'ap@globex.example',
        subsidiary: { id: '1' },
        currency: { refName: 'USD' },
        terms: { refName: 'Net 30' },
        isInactive: false,
        defaultAddress: '1 Main St, Springfield, US',
      },
      writeCount: 1,
    });
    expect(delivered.value).toMatchObject({
      tenantId: tenant,
      erpKind: 'netsuite',
      erpRecordId: held[0]!.id,
      externalId: `ferry-${event.customer.customerId}`,
      configVersion: configurationVersion,
    });
    expect(delivered.value.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts the delivery for the tenant, and not for another tenant, in the API and /metrics', async () => {
    const observability = ferry.processes.url('observability');
    const summary = await waitUntil('observability to count the delivery', async () => {
      const { body } = await json<{ totals: { delivered: number } }>(`${observability}/v1/tenants/${tenant}/sync-summary`);
      return body.totals.delivered === 1 ? body : undefined;
    });
    expect(summary.totals).toEqual({ delivered: 1, failed: 0, skipped: 0, dead_lettered: 0 });
    expect(
      (await json<{ totals: { delivered: number } }>(`${observability}/v1/tenants/${otherTenant}/sync-summary`, {}, ferry.operatorToken))
        .body.totals.delivered,
    ).toBe(0);

    const series = (t: string) => new RegExp(`^ferry_sync_events_total\\{[^}]*tenant_id="${t}"[^}]*stage="delivery",status="delivered"`);
    const metrics = ferry.processes.metricsUrl('observability');
    expect(await metricValue(metrics, series(tenant))).toBe(1);
    expect(await metricValue(metrics, series(otherTenant))).toBeUndefined();
    // Metrics name every tenant: the public API port does not serve them.
    expect((await fetch(`${observability}/metrics`)).status).toBe(404);
  });

  it('changes nothing in the ERP when the product publishes the same event again', async () => {
    const before = await records();
    await publishAsProduct(key, await encodeAsProduct(event));
    await waitUntil('ingestion to recognise the duplicate', async () =>
      (await metricValue(
        ferry.processes.metricsUrl('ingestion'),
        new RegExp(`^ferry_ingestion_events_total\\{[^}]*tenant_id="${tenant}",source="kafka",outcome="duplicate"`),
      )) === 1
        ? true
        : undefined,
    );
    expect(await records()).toEqual(before);
    expect(statuses.where((s) => s.eventId === event.envelope.eventId && s.status === 'delivered')).toHaveLength(1);
  });

  it('rejects a malformed HTTP batch as a whole with a reason per bad field, and accepts nothing from it', async () => {
    const good = sampleCustomerUpserted(tenant);
    const bad = sampleCustomerUpserted(tenant) as unknown as { envelope: Record<string, unknown>; customer: Record<string, unknown> };
    bad.envelope['tenantId'] = otherTenant;
    bad.customer['currency'] = 42;
    delete bad.customer['name'];
    const { status, body } = await json<{
      error: { code: string; details: { index: number; problems: { field: string; problem: string }[] }[] };
    }>(`${ferry.processes.url('ingestion')}/v1/tenants/${tenant}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        events: [
          { type: 'CustomerUpserted', event: good },
          { type: 'CustomerUpserted', event: bad },
          { type: 'Unheard', event: {} },
        ],
      }),
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_EVENTS');
    expect(body.error.details.map((d) => d.index)).toEqual([1, 2]);
    expect(body.error.details[0]!.problems.map((p) => p.field).sort()).toEqual(['event.customer.currency', 'event.customer.name']);
    expect(body.error.details[1]!.problems[0]!.field).toBe('type');

    // The same batch minus the bad items goes through; the good event was not accepted the first time.
    const retry = await json<{ accepted: number; duplicates: number }>(`${ferry.processes.url('ingestion')}/v1/tenants/${tenant}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'CustomerUpserted', event: good }] }),
    });
    expect(retry.body).toMatchObject({ accepted: 1, duplicates: 0 });
    await waitUntil(
      'the corrected batch to be delivered',
      () => statuses.where((s) => s.eventId === good.envelope.eventId && s.status === 'delivered')[0],
      60_000,
    );
  });

  it('dead-letters a message with an unknown schema id and a non-Avro message with their bytes and reasons, and keeps running', async () => {
    const unknownSchema = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0x01]), Buffer.from('payload')]);
    const notAvro = Buffer.from(JSON.stringify({ hello: 'world' }));
    await publishAsProduct(`${tenant}:customer:unknown-schema`, unknownSchema);
    await publishAsProduct(`${tenant}:customer:not-avro`, notAvro);

    const unknown = await waitUntil(
      'the unknown-schema dead letter',
      () => deadLetters.where((d) => d.key?.toString() === `${tenant}:customer:unknown-schema`)[0],
      30_000,
    );
    expect(unknown.value).toMatchObject({
      service: 'ingestion',
      tenantId: tenant,
      errorClass: 'unknown_schema',
      errorCode: 'UNKNOWN_SCHEMA_ID',
      sourceTopic: Topics.productEvents,
    });
    expect(Buffer.from(unknown.value.value!)).toEqual(unknownSchema);
    const malformed = await waitUntil(
      'the non-Avro dead letter',
      () => deadLetters.where((d) => d.key?.toString() === `${tenant}:customer:not-avro`)[0],
      30_000,
    );
    expect(malformed.value).toMatchObject({ errorClass: 'malformed', errorCode: 'NOT_CONFLUENT_AVRO' });
    expect(malformed.value.errorMessage).toContain('magic byte');
    expect(Buffer.from(malformed.value.value!)).toEqual(notAvro);

    const after = sampleCustomerUpserted(tenant);
    await publishAsProduct(`${tenant}:customer:${after.envelope.entityId}`, await encodeAsProduct(after));
    await waitUntil(
      'a later good event to be delivered',
      () => statuses.where((s) => s.eventId === after.envelope.eventId && s.status === 'delivered')[0],
      60_000,
    );
    expect((await fetch(`${ferry.processes.url('ingestion')}/health`)).status).toBe(200);
  });

  it('dead-letters a product event without a Kafka key, as it does one keyed by another tenant', async () => {
    const keyless = sampleCustomerUpserted(tenant);
    await product.send({ topic: Topics.productEvents, messages: [{ value: await encodeAsProduct(keyless) }] });
    const parked = await waitUntil(
      'the keyless dead letter',
      () => deadLetters.where((d) => d.eventId === keyless.envelope.eventId)[0],
      30_000,
    );
    expect(parked.value).toMatchObject({ errorClass: 'invalid', errorCode: 'MISSING_KEY', tenantId: tenant });
    expect(parked.value.errorMessage).toContain('tenantId:entityType:entityId');
    expect(statuses.where((s) => s.eventId === keyless.envelope.eventId && s.status === 'delivered')).toHaveLength(0);
  });

  it('answers a malformed % in the URL with 400 on every service, and health from its last round of checks', async () => {
    for (const service of FERRY_SERVICES) {
      const port = Number(new URL(ferry.processes.url(service)).port);
      for (const target of [`/v1/tenants/%E0%A4%A/anything`, `/v1/tenants/${tenant}/sync-summary?limit=%zz`, '/health/%']) {
        const response = await rawGet(port, target);
        expect({ service, target, status: response.status, body: response.body }).toEqual({
          service,
          target,
          status: 400,
          body: expect.stringContaining('MALFORMED_URL'),
        });
      }
      const health = (await (await fetch(`${ferry.processes.url(service)}/health`)).json()) as { status: string; ageMs: number };
      expect({ service, status: health.status }).toEqual({ service, status: 'ok' });
      expect(health.ageMs).toBeLessThan(20_000);
    }
  });

  it('reconciliation finds a record edited in the ERP outside Ferry, and publishes the finding', async () => {
    const findings = await new TopicCollector<ReconciliationFinding>(Topics.reconciliationFindings).start();
    try {
      const reconciliation = ferry.processes.url('reconciliation');
      type Unit = { recordType: string; outcome: string; counts?: { inSync: number; compared: number } };
      type Run = { runId: string; status: string; summary: { units: Unit[] } | null; findings: ReconciliationFinding[] };
      /** A run is a job: POST queues it (202), GET shows it; wait until it is no longer queued or running. */
      const reconcile = async (): Promise<Run> => {
        const queued = await json<{ runId: string; status: string }>(`${reconciliation}/v1/tenants/${tenant}/reconciliation-runs`, {
          method: 'POST',
        });
        expect(queued).toMatchObject({ status: 202, body: { status: 'queued' } });
        return waitUntil('the reconciliation run to finish', async () => {
          const run = await json<Run>(`${reconciliation}/v1/tenants/${tenant}/reconciliation-runs/${queued.body.runId}`);
          return ['queued', 'running'].includes(run.body.status) ? undefined : run.body;
        });
      };
      const customers = (run: Run) => run.summary?.units.find((unit) => unit.recordType === 'customer');

      // The books learn the canonical body from the canonical-events topic, on its own partition: a run started
      // before it arrived counts the customer as not comparable, so ask again until one compared it.
      const clean = await waitUntil('a run that compared the delivered customer', async () => {
        const run = await reconcile();
        return (customers(run)?.counts?.compared ?? 0) > 0 ? run : undefined;
      });
      expect(['completed', 'partial']).toContain(clean.status);
      expect(customers(clean)).toMatchObject({ outcome: 'completed' });
      expect(clean.findings).toEqual([]);

      const target = (await records()).find((record) => record.externalId === `ferry-${event.customer.customerId}`)!;
      await fetch(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/customer/${target.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ companyName: 'Globex (renamed in NetSuite)' }),
      });
      const drifted = await reconcile();
      expect(drifted.findings).toEqual([
        expect.objectContaining({ external_id: `ferry-${event.customer.customerId}`, kind: 'content_mismatch' }),
      ]);
      const published = await waitUntil('the finding on Kafka', () => findings.where((f) => f.runId === drifted.runId)[0]);
      expect(published.value).toMatchObject({
        externalId: `ferry-${event.customer.customerId}`,
        fieldDifferences: [{ field: 'name', ferryValue: event.customer.name, erpValue: 'Globex (renamed in NetSuite)' }],
      });
      expect(['erp_edited_after_delivery', 'delivery_never_applied']).toContain(published.value.cause);
      const drift = await json<{ drift: { drifted: number } }>(`${reconciliation}/v1/tenants/${tenant}/reconciliation-drift`);
      expect(drift.body.drift.drifted).toBe(1);
    } finally {
      await findings.stop();
    }
  });

  it('stops gracefully on SIGTERM', async () => {
    expect(await ferry.processes.signal('observability', 'SIGTERM')).toBe(0);
    expect(await ferry.processes.signal('transformation', 'SIGTERM')).toBe(0);
  });
});
