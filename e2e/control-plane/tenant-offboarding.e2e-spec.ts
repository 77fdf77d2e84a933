import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Topics, type SyncStatus } from '@ferry/contracts';
import { databaseUrl } from '@ferry/database';
import {
  FerryApiClient,
  TopicCollector,
  onboardWebhookTenant,
  repositoryRoot,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  testKafka,
  testStack,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

const run = promisify(execFile);

/** Rows per table holding `tenantId`, in every table with a tenant_id column of every database of this run's services. */
async function tenantRowsEverywhere(tenantId: string): Promise<Record<string, number>> {
  const serverUrl = testStack().databaseUrl;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const databases = (
    await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'ferry\\_e2e\\_%'`)
  ).rows.map((row) => row.datname);
  await admin.end();
  const found: Record<string, number> = {};
  for (const database of databases) {
    const client = new Client({ connectionString: databaseUrl(serverUrl, database) });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'tenant_id'`,
      );
      for (const { table_name } of tables.rows) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE tenant_id = $1`, [
          tenantId,
        ]);
        if ((rows[0]?.n ?? 0) > 0) found[`${database}.${table_name}`] = rows[0]!.n;
      }
    } finally {
      await client.end();
    }
  }
  return found;
}

/** The newest record of each key on a topic, read from its start to its current end (null: a tombstone). */
async function latestValues(topic: string, keys: readonly string[]): Promise<Map<string, Buffer | null>> {
  const kafka = testKafka(`offboarding-e2e-${randomUUID().slice(0, 6)}`);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const pending = new Map(ends.filter((end) => BigInt(end.high) > BigInt(end.low)).map((end) => [end.partition, BigInt(end.high) - 1n]));
  const latest = new Map<string, Buffer | null>();
  const consumer = kafka.consumer({ groupId: `offboarding-e2e-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (pending.size === 0) done();
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const key = message.key?.toString();
      if (key && keys.includes(key)) latest.set(key, message.value);
      const target = pending.get(partition);
      if (target !== undefined && BigInt(message.offset) >= target) {
        pending.delete(partition);
        if (pending.size === 0) done();
      }
    },
  });
  await finished;
  await consumer.disconnect();
  return latest;
}

describe('tenant offboarding: suspend, export, erase everywhere, tombstones', () => {
  const runId = randomUUID().slice(0, 6);
  const leaving = `off-${runId}`;
  const staying = `stay-${runId}`;
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  let leavingKey: string;
  let stayingIngest: FerryApiClient;
  let leavingIngest: FerryApiClient;
  let outDir: string;

  const delivered = (eventId: string) =>
    waitUntil(
      `delivery of ${eventId}`,
      () => statuses.where((s) => s.eventId === eventId && s.stage === 'delivery' && s.status === 'delivered')[0],
      60_000,
    );
  const sendOrder = async (client: FerryApiClient, tenantId: string, orderId: string) => {
    const customer = sampleCustomerUpserted(tenantId, { customerId: `cust-${orderId}`, name: 'Leaving Customer Ltd' });
    const order = sampleSalesOrderUpserted(tenantId, { orderId, customerId: `cust-${orderId}` });
    await client.expectOk('POST', `/v1/tenants/${tenantId}/events`, {
      events: [
        { type: 'CustomerUpserted', event: customer },
        { type: 'SalesOrderUpserted', event: order },
      ],
    });
    return delivered(order.envelope.eventId);
  };

  beforeAll(async () => {
    ferry = await startFerry();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const a = await onboardWebhookTenant({ controlPlane: ferry.controlPlane, tenantId: leaving, receiverUrl: ferry.webhookReceiverUrl });
    const b = await onboardWebhookTenant({ controlPlane: ferry.controlPlane, tenantId: staying, receiverUrl: ferry.webhookReceiverUrl });
    leavingKey = a.apiKey;
    leavingIngest = new FerryApiClient(ferry.processes.url('ingestion'), a.apiKey);
    stayingIngest = new FerryApiClient(ferry.processes.url('ingestion'), b.apiKey);
    // A mapping change, so the export holds more than the template's configuration.
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${leaving}/mappings/sales_order`, {
      fieldExpressions: { number: "'LEAVING-' & order.orderNumber" },
    });
    await sendOrder(leavingIngest, leaving, 'so-leaving-1');
    await sendOrder(stayingIngest, staying, 'so-staying-1');
    outDir = await mkdtemp(join(tmpdir(), 'ferry-offboarding-'));
  });

  afterAll(async () => {
    await statuses?.stop();
    await ferry?.stop();
  });

  it('refuses to erase an active tenant anywhere (409 TENANT_NOT_SUSPENDED), and only admin operators may ask', async () => {
    for (const service of ['observability', 'control-plane', 'delivery-webhook'] as const) {
      const refused = await new FerryApiClient(ferry.processes.url(service), ferry.operatorToken).request<{ error: { code: string } }>(
        'POST',
        `/v1/tenants/${staying}/erasure`,
      );
      expect({ service, status: refused.status, code: refused.body.error.code }).toEqual({
        service,
        status: 409,
        code: 'TENANT_NOT_SUSPENDED',
      });
    }
    const tenantKey = await new FerryApiClient(ferry.processes.url('observability'), leavingKey).request(
      'GET',
      `/v1/tenants/${leaving}/export`,
    );
    expect(tenantKey.status).toBe(403);
    const viewer = await new FerryApiClient(ferry.processes.url('ingestion'), ferry.namedOperators.viewer).request(
      'POST',
      `/v1/tenants/${leaving}/erasure`,
    );
    expect(viewer.status).toBe(403);
    expect(await tenantRowsEverywhere(staying)).not.toEqual({});
  });

  it('offboards with npm run tenant:offboard: an archive of its configuration, mappings, audit and statuses, then nothing of it in any database', async () => {
    const before = await tenantRowsEverywhere(leaving);
    expect(Object.keys(before).some((table) => table.endsWith('_observability.sync_status_record'))).toBe(true);
    expect(Object.keys(before).some((table) => table.endsWith('_delivery_webhook.delivery_ledger'))).toBe(true);

    const { stdout } = await run(
      process.execPath,
      [
        join(repositoryRoot(), 'dist/scripts/src/tenant-offboard.js'),
        '--tenant',
        leaving,
        '--out',
        outDir,
        '--port-offset',
        '100',
        '--settle-seconds',
        '3',
      ],
      { env: { ...process.env, FERRY_OPERATOR_TOKEN: ferry.namedOperators.admin }, timeout: 120_000 },
    );
    expect(stdout).toContain(`suspended ${leaving}`);
    expect(stdout).toContain('erased control-plane');

    const report = JSON.parse(await readFile(join(outDir, 'erasure-report.json'), 'utf8')) as {
      archive: string;
      erased: Record<string, Record<string, number>>;
      tombstones: { topic: string; key: string }[];
      totals: { exportedRows: number; erasedRows: number };
    };
    expect(report.erased['control-plane']!['tenant']).toBe(1);
    expect(report.erased['observability']!['sync_status_record']).toBeGreaterThan(0);
    expect(report.erased['delivery-webhook']!['delivery_ledger']).toBeGreaterThan(0);
    // Its HTTP throttling bucket (tenant:<id>, no tenant_id column) goes too.
    expect(report.erased['ingestion']!['rate_limit_bucket']).toBe(1);
    expect(report.totals.erasedRows).toBeGreaterThanOrEqual(report.totals.exportedRows);

    // The archive: extracted with the system's tar, as an operator would.
    const extracted = await mkdtemp(join(tmpdir(), 'ferry-offboarding-archive-'));
    await run('tar', ['-xzf', report.archive, '-C', extracted]);
    const [folder] = await readdir(extracted);
    const read = async (service: string, table: string) =>
      (await readFile(join(extracted, folder!, service, `${table}.ndjson`), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const versions = await read('control-plane', 'tenant_configuration_version');
    expect(JSON.stringify(versions.at(-1)!['configuration'])).toContain("'LEAVING-' & order.orderNumber");
    expect(versions.at(-1)!['spec']).toMatchObject({ active: false });
    expect((await read('control-plane', 'audit_record')).map((row) => row['action'])).toContain('offboarding started: tenant suspended');
    expect(
      (await read('control-plane', 'audit_record')).find((row) => row['action'] === 'offboarding started: tenant suspended')?.['actor'],
    ).toBe('operator:e2e-admin');
    expect((await read('control-plane', 'api_key')).every((row) => !('secret_hash' in row))).toBe(true);
    expect((await read('observability', 'sync_status_record')).length).toBeGreaterThan(0);
    expect((await read('delivery-webhook', 'delivery_ledger')).length).toBeGreaterThan(0);
    const everything = await Promise.all(
      (await readdir(join(extracted, folder!), { recursive: true }))
        .filter((f) => f.endsWith('.ndjson'))
        .map((f) => readFile(join(extracted, folder!, f), 'utf8')),
    );
    const text = everything.join('\n');
    expect(text).not.toContain(leavingKey.slice(-32));
    for (const match of text.matchAll(/"sealedCredentials":("[^"]*"|null)/g)) expect(['"[sealed]"', 'null']).toContain(match[1]);

    expect(await tenantRowsEverywhere(leaving)).toEqual({});
    expect(await tenantRowsEverywhere(staying)).not.toEqual({});
  });

  it('leaves a tombstone as the latest record of its configuration and every API key on the compacted topics', async () => {
    const report = JSON.parse(await readFile(join(outDir, 'erasure-report.json'), 'utf8')) as {
      tombstones: { topic: string; key: string }[];
    };
    const keyTombstones = report.tombstones.filter((t) => t.topic === Topics.apiKeys).map((t) => t.key);
    expect(keyTombstones.length).toBeGreaterThan(0);
    const configurations = await latestValues(Topics.tenantConfiguration, [leaving, staying]);
    expect(configurations.get(leaving)).toBeNull();
    expect(configurations.get(staying)).toBeInstanceOf(Buffer);
    const keys = await latestValues(Topics.apiKeys, keyTombstones);
    for (const keyId of keyTombstones) expect({ keyId, value: keys.get(keyId) }).toEqual({ keyId, value: null });
    // Every service's key view forgets the key: the offboarded tenant's key is unknown, not merely suspended.
    await waitUntil(
      'the leaving key refused as unknown',
      async () => (await leavingIngest.request('POST', `/v1/tenants/${leaving}/events`, { events: [] })).status === 401,
      30_000,
    );
  });

  it('leaves the other tenant working: its configuration and its next order delivered', async () => {
    expect((await ferry.controlPlane.expectOk<{ spec: { active: boolean } }>('GET', `/v1/tenants/${staying}`)).spec.active).toBe(true);
    expect((await ferry.controlPlane.request('GET', `/v1/tenants/${leaving}`)).status).toBe(404);
    await sendOrder(stayingIngest, staying, 'so-staying-2');
  });

  it('exports an active tenant with npm run tenant:export (its audit and statuses), leaving it active and untouched', async () => {
    const exportDir = await mkdtemp(join(tmpdir(), 'ferry-export-'));
    const { stdout } = await run(
      process.execPath,
      [join(repositoryRoot(), 'dist/scripts/src/tenant-export.js'), '--tenant', staying, '--out', exportDir, '--port-offset', '100'],
      { env: { ...process.env, FERRY_OPERATOR_TOKEN: ferry.namedOperators.admin }, timeout: 120_000 },
    );
    expect(stdout).toContain(`tenant:export: ${staying}:`);
    const [archive] = (await readdir(exportDir)).filter((file) => file.endsWith('.tar.gz'));
    const extracted = await mkdtemp(join(tmpdir(), 'ferry-export-archive-'));
    await run('tar', ['-xzf', join(exportDir, archive!), '-C', extracted]);
    const [folder] = await readdir(extracted);
    const rows = async (service: string, table: string) =>
      (await readFile(join(extracted, folder!, service, `${table}.ndjson`), 'utf8')).split('\n').filter(Boolean).length;
    expect(await rows('control-plane', 'audit_record')).toBeGreaterThan(0);
    expect(await rows('observability', 'sync_status_record')).toBeGreaterThan(0);
    expect((await ferry.controlPlane.expectOk<{ spec: { active: boolean } }>('GET', `/v1/tenants/${staying}`)).spec.active).toBe(true);
    expect(await tenantRowsEverywhere(staying)).not.toEqual({});
  });
});
