import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka, Producer } from 'kafkajs';
import {
  NOT_APPLIED_ERROR_CODE,
  SchemaCatalog,
  Subjects,
  Topics,
  entityKey,
  isFinalSyncOutcome,
  type CustomerUpserted,
  type RecordedSyncOutcome,
  type SalesOrderUpserted,
  type SyncStatus,
} from '@ferry/contracts';
import { tenantPartitioner } from '@ferry/kafka';
import {
  BENCHMARK_PORTS,
  onboardNetSuiteTenant,
  repositoryRoot,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  testCodec,
  testKafka,
  testRegistry,
  type E2eEnvironment,
  type FerryServiceName,
} from '@ferry/testing';
import { cliArgs } from './cli-args';
import { pidsWithCommandLine, readProcessUsage, type ProcessUsage } from './throughput/process-usage';
import {
  keepBooks,
  percentile,
  type ErpRecord,
  type ObservedOutcome,
  type PublishedEvent,
  type ThroughputBooks,
} from './throughput/throughput-books';

/**
 * npm run bench:throughput [-- --tenants 10 --customers 100 --versions 2 --passthrough-messages 50000
 *                              --half-load-seconds 20 --cpu-prof delivery-netsuite]
 * npm run bench:throughput -- --mode noisy [--burst 50000 --steady-tenants 10 --steady-rate 10 --steady-seconds 30]
 *
 * Throughput of Ferry end to end against a bare kafkajs consume→produce passthrough on the same broker, measured
 * in the same run so the ratio holds whatever the machine is doing. See docs/performance.md.
 */
const args = cliArgs();
const num = (name: string, fallback: number): number => {
  const value = Number(args[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number (got ${args[name]})`);
  return value;
};

const SERVICES: readonly FerryServiceName[] = [
  'netsuite-simulator',
  'control-plane',
  'ingestion',
  'transformation',
  'delivery-netsuite',
  'observability',
];
/** Raised so the ERP is never the limit: the benchmark measures Ferry. */
const TENANT_POLICIES = {
  maxConcurrency: 16,
  retry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 2000 },
  circuitBreaker: { failureThresholdPercent: 50, volumeThreshold: 20, resetTimeoutMs: 1500 },
};
const SIMULATOR_CONCURRENCY_LIMIT = 1000;
const SEND_CHUNK = 500;

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fmt = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');

interface Tenant {
  tenantId: string;
  accountId: string;
}

/** Publishes as a product does: its own registry client and kafkajs producer, Avro in the Confluent wire format. */
class ProductPublisher {
  readonly published: PublishedEvent[] = [];
  readonly ids = new Set<string>();
  private readonly schemaIds = new Map<string, number>();

  private constructor(
    private readonly producer: Producer,
    private readonly registry: SchemaRegistry,
  ) {}

  static async start(): Promise<ProductPublisher> {
    const producer = testKafka('bench-throughput-product', 'product').producer({ createPartitioner: tenantPartitioner });
    await producer.connect();
    const publisher = new ProductPublisher(producer, testRegistry('product').schemaRegistry());
    for (const subject of [Subjects.CustomerUpserted, Subjects.SalesOrderUpserted]) {
      const { id } = await publisher.registry.register(
        { type: 'AVRO', schema: SchemaCatalog.load().subject(subject).schemaText } as never,
        { subject, compatibility: 'FULL_TRANSITIVE' as never },
      );
      publisher.schemaIds.set(subject, id);
    }
    return publisher;
  }

  /** Sends the events in chunks; each event's publishedAt is taken just before its chunk is sent. */
  async publish(events: (CustomerUpserted | SalesOrderUpserted)[]): Promise<void> {
    for (let start = 0; start < events.length; start += SEND_CHUNK) {
      const chunk = events.slice(start, start + SEND_CHUNK);
      const messages = await Promise.all(
        chunk.map(async (event) => {
          const isOrder = 'order' in event;
          const entityType = isOrder ? 'sales_order' : 'customer';
          const value = await this.registry.encode(
            this.schemaIds.get(isOrder ? Subjects.SalesOrderUpserted : Subjects.CustomerUpserted)!,
            event,
          );
          return { key: entityKey(event.envelope.tenantId, entityType, event.envelope.entityId), value, event, entityType } as const;
        }),
      );
      const publishedAt = Date.now();
      for (const { event, entityType } of messages) {
        event.envelope.occurredAt = publishedAt;
        this.ids.add(event.envelope.eventId);
        this.published.push({
          tenantId: event.envelope.tenantId,
          eventId: event.envelope.eventId,
          entityType,
          entityId: event.envelope.entityId,
          version: event.envelope.entityVersion,
          publishedAt,
        });
      }
      await this.producer.send({ topic: Topics.productEvents, acks: -1, messages: messages.map(({ key, value }) => ({ key, value })) });
    }
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Reads sync-status from now on and keeps, per event of this run, its first final status and when it was seen. */
class OutcomeWatcher {
  readonly outcomes = new Map<string, ObservedOutcome>();
  private readonly consumer;

  constructor(
    kafka: Kafka,
    private readonly isOurs: (eventId: string) => boolean,
  ) {
    this.consumer = kafka.consumer({ groupId: `ferry-bench-throughput-watcher-${randomUUID()}`, maxWaitTimeInMs: 50 });
  }

  async start(): Promise<this> {
    const codec = testCodec();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: Topics.syncStatus, fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const seenAt = Date.now();
        const { value } = await codec.decode<SyncStatus>(message.value);
        if (!this.isOurs(value.eventId) || !isFinalSyncOutcome(value.status as RecordedSyncOutcome)) return;
        const known = this.outcomes.get(value.eventId);
        const delivered = value.status === 'delivered' ? 1 : 0;
        if (known) known.deliveredReports += delivered;
        else
          this.outcomes.set(value.eventId, {
            status: value.status,
            errorCode: value.errorCode ?? null,
            seenAt,
            deliveredReports: delivered,
          });
      },
    });
    await joined;
    // The group's first fetch resets to the log end after the join: give it a moment before anything is published.
    await sleep(2_000);
    return this;
  }

  /** Waits until every one of `eventIds` has a final status; false when `timeoutMs` ran out first. */
  async settle(eventIds: readonly string[], timeoutMs: number, label: string): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let lastReport = 0;
    for (;;) {
      const done = eventIds.filter((id) => this.outcomes.has(id)).length;
      if (done === eventIds.length) return true;
      if (Date.now() > deadline) {
        say(`  ${label}: gave up after ${timeoutMs / 1000} s with ${eventIds.length - done} of ${eventIds.length} events unfinished`);
        return false;
      }
      if (Date.now() - lastReport >= 5_000) {
        say(`  ${label}: ${done}/${eventIds.length} events in a final state`);
        lastReport = Date.now();
      }
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** CPU and peak memory of Ferry's processes (by their pids) and of the stack's (by command line: Kafka, PostgreSQL). */
class ProcessMeter {
  constructor(private readonly ferry: E2eEnvironment) {}

  snapshot(): Map<string, ProcessUsage> {
    const usage = new Map<string, ProcessUsage>();
    for (const instance of this.ferry.processes.instances()) {
      const pid = this.ferry.processes.pid(instance);
      const read = pid === undefined ? undefined : readProcessUsage(pid);
      if (read) usage.set(instance, read);
    }
    for (const [label, fragment] of [
      ['kafka (broker)', 'kafka.Kafka'],
      ['postgresql (all backends, shared)', 'postgres'],
    ] as const) {
      const reads = pidsWithCommandLine(fragment)
        .filter((pid) => pid !== process.pid)
        .map(readProcessUsage)
        .filter((read): read is ProcessUsage => read !== undefined);
      if (reads.length > 0)
        usage.set(label, {
          cpuMs: reads.reduce((sum, read) => sum + read.cpuMs, 0),
          peakRssKb: Math.max(...reads.map((read) => read.peakRssKb)),
        });
    }
    const self = readProcessUsage(process.pid);
    if (self) usage.set('benchmark itself (product + watcher)', self);
    return usage;
  }

  static print(before: Map<string, ProcessUsage>, after: Map<string, ProcessUsage>, events: number, phaseMs: number): void {
    say(`${'process'.padEnd(40)}${'CPU-ms/event'.padStart(14)}${'cores used'.padStart(12)}${'peak RSS MB'.padStart(13)}`);
    let total = 0;
    for (const [name, end] of after) {
      const start = before.get(name);
      if (!start) continue;
      const cpuMs = end.cpuMs - start.cpuMs;
      total += name.startsWith('benchmark') ? 0 : cpuMs;
      say(
        `${name.padEnd(40)}${fmt(cpuMs / events, 2).padStart(14)}${fmt(cpuMs / phaseMs, 2).padStart(12)}${fmt(end.peakRssKb / 1024).padStart(13)}`,
      );
    }
    say(`${'all but the benchmark'.padEnd(40)}${fmt(total / events, 2).padStart(14)}${fmt(total / phaseMs, 2).padStart(12)}`);
  }
}

/** Customers (each with `versions` versions) and one order per customer, for each tenant, round-robin over tenants. */
function stream(
  tenants: readonly Tenant[],
  customers: number,
  versions: number,
  prefix: string,
): (CustomerUpserted | SalesOrderUpserted)[] {
  const perTenant = tenants.map(({ tenantId }) => {
    const events: (CustomerUpserted | SalesOrderUpserted)[] = [];
    for (let i = 0; i < customers; i += 1) {
      const customerId = `${prefix}c${i}`;
      events.push(sampleCustomerUpserted(tenantId, { customerId, name: `Customer ${customerId} v1`, version: 1 }));
      events.push(sampleSalesOrderUpserted(tenantId, { orderId: `${prefix}o${i}`, customerId, version: 1 }));
    }
    for (let version = 2; version <= versions; version += 1)
      for (let i = 0; i < customers; i += 1) {
        const customerId = `${prefix}c${i}`;
        events.push(sampleCustomerUpserted(tenantId, { customerId, name: `Customer ${customerId} v${version}`, version }));
      }
    return events;
  });
  const mixed: (CustomerUpserted | SalesOrderUpserted)[] = [];
  for (let round = 0; round < Math.max(0, ...perTenant.map((events) => events.length)); round += 1)
    for (const events of perTenant) if (events[round]) mixed.push(events[round]!);
  return mixed;
}

/** Publishes `events` at `ratePerSecond`, in small chunks every 50 ms. */
async function publishPaced(publisher: ProductPublisher, events: (CustomerUpserted | SalesOrderUpserted)[], ratePerSecond: number) {
  const started = Date.now();
  const tick = 50;
  const perTick = Math.max(1, Math.round((ratePerSecond * tick) / 1000));
  for (let sent = 0, n = 0; sent < events.length; n += 1) {
    await publisher.publish(events.slice(sent, sent + perTick));
    sent += perTick;
    const due = started + (n + 1) * tick;
    if (due > Date.now()) await sleep(due - Date.now());
  }
}

function latencies(publisher: ProductPublisher, watcher: OutcomeWatcher, eventIds: Set<string>): number[] {
  return publisher.published
    .filter((event) => eventIds.has(event.eventId))
    .map((event) => {
      const outcome = watcher.outcomes.get(event.eventId);
      return outcome ? outcome.seenAt - event.publishedAt : Number.NaN;
    })
    .filter(Number.isFinite);
}

function latencyRow(label: string, values: number[]): string {
  const cells = [50, 95, 99].map((p) => `${fmt(percentile(values, p))} ms`.padStart(11));
  return `${label.padEnd(52)}${cells.join('')}${String(values.length).padStart(9)}`;
}

/** (a) kafkajs consume→produce on two fresh topics with `partitions` partitions, 1 KB messages. */
async function passthrough(messages: number, partitions: number): Promise<number> {
  const kafka = testKafka('bench-throughput-passthrough');
  const admin = kafka.admin();
  const stamp = `${Date.now().toString(36)}-${randomUUID().slice(0, 4)}`;
  const input = `bench-passthrough-in-${stamp}`;
  const output = `bench-passthrough-out-${stamp}`;
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [input, output].map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `ferry-bench-passthrough-${stamp}` });
  try {
    await producer.connect();
    const payload = randomBytes(1024);
    say(`  passthrough: writing ${messages} messages of 1 KB to ${input} (${partitions} partitions)…`);
    for (let start = 0; start < messages; start += 1000)
      await producer.send({
        topic: input,
        acks: -1,
        messages: Array.from({ length: Math.min(1000, messages - start) }, (_, i) => ({ key: `k${start + i}`, value: payload })),
      });
    let moved = 0;
    let firstAt = 0;
    let doneAt = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.connect().then(async () => {
        await consumer.subscribe({ topic: input, fromBeginning: true });
        await consumer.run({
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            if (firstAt === 0) firstAt = Date.now();
            await producer.send({ topic: output, acks: -1, messages: batch.messages.map(({ key, value }) => ({ key, value })) });
            const last = batch.messages[batch.messages.length - 1];
            if (last) resolveOffset(last.offset);
            await heartbeat();
            moved += batch.messages.length;
            if (moved >= messages && doneAt === 0) {
              doneAt = Date.now();
              resolve();
            }
          },
        });
      });
    });
    await done;
    return (messages * 1000) / Math.max(1, doneAt - firstAt);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function onboardTenants(ferry: E2eEnvironment, count: number, prefix: string): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < count; i += 1) {
    const tenantId = `${prefix}-${stamp}-${i}`;
    const accountId = `TSTDRV${tenantId.replace(/[^a-z0-9]/g, '').toUpperCase()}`;
    await onboardNetSuiteTenant({ controlPlane: ferry.controlPlane, tenantId, accountId, simulatorUrl: ferry.simulatorUrl });
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/policies`, TENANT_POLICIES);
    const raised = await fetch(`${ferry.simulatorUrl}/__admin/accounts/${accountId}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ concurrencyLimit: SIMULATOR_CONCURRENCY_LIMIT }),
    });
    if (!raised.ok) throw new Error(`simulator: ${raised.status} raising ${accountId}'s concurrency limit`);
    tenants.push({ tenantId, accountId });
  }
  return tenants;
}

/**
 * One customer per tenant, through the whole pipeline, before anything is measured: the first event of a tenant
 * waits for its configuration to reach transformation and delivery and for its lane to be taken, which is
 * start-up, not throughput. Counted in the books, not in the figures.
 */
async function warmUp(publisher: ProductPublisher, watcher: OutcomeWatcher, tenants: readonly Tenant[], timeoutMs: number) {
  const events = stream(tenants, 1, 1, 'w').filter((event) => !('order' in event));
  say(`  warm-up: one customer per tenant (${events.length} events), not measured…`);
  const started = Date.now();
  await publisher.publish(events);
  await watcher.settle(
    events.map((event) => event.envelope.eventId),
    timeoutMs,
    'warm-up',
  );
  say(`  warm-up done in ${fmt((Date.now() - started) / 1000, 1)} s`);
}

async function books(ferry: E2eEnvironment, tenants: readonly Tenant[], publisher: ProductPublisher, watcher: OutcomeWatcher) {
  const erp = new Map<string, { customer: ErpRecord[]; salesOrder: ErpRecord[] }>();
  for (const tenant of tenants) {
    const read = async (type: string) => {
      const response = await fetch(`${ferry.simulatorUrl}/__admin/accounts/${tenant.accountId}/records/${type}`);
      if (!response.ok) throw new Error(`simulator: ${response.status} reading ${tenant.accountId}/${type}`);
      return (await response.json()) as ErpRecord[];
    };
    erp.set(tenant.tenantId, { customer: await read('customer'), salesOrder: await read('salesOrder') });
  }
  const ids = new Set(tenants.map((tenant) => tenant.tenantId));
  return keepBooks(
    publisher.published.filter((event) => ids.has(event.tenantId)),
    watcher.outcomes,
    erp,
    NOT_APPLIED_ERROR_CODE,
  );
}

function printBooks(result: ThroughputBooks): boolean {
  say(
    `books (simulator records + sync-status): published ${result.published}, delivered ${result.delivered}, ` +
      `stale (older version not applied) ${result.stale}, skipped otherwise ${result.skippedOther}, ` +
      `dead-lettered ${result.deadLettered}, lost ${result.lost}, duplicated ${result.duplicated}, ` +
      `reordered ${result.reordered}, repeat ERP writes ${result.repeatWrites}`,
  );
  const clean = result.lost === 0 && result.duplicated === 0 && result.reordered === 0 && result.deadLettered === 0;
  say(clean ? 'books: CLEAN (nothing lost, duplicated, reordered or dead-lettered)' : 'books: NOT CLEAN (see above)');
  return clean;
}

async function loadMode(ferry: E2eEnvironment, publisher: ProductPublisher, watcher: OutcomeWatcher): Promise<boolean> {
  const tenantCount = num('tenants', 10);
  const customers = num('customers', 100);
  const versions = Math.max(1, num('versions', 2));
  const halfLoadSeconds = num('half-load-seconds', 20);
  const timeoutMs = num('timeout-seconds', 900) * 1000;

  const partitions = await productEventPartitions();
  say(`\n(a) bare kafkajs consume→produce passthrough`);
  const bare = await passthrough(num('passthrough-messages', 50_000), partitions);
  say(`  passthrough: ${fmt(bare)} messages/s`);

  say(`\n(b) Ferry end to end at full load: onboarding ${tenantCount} NetSuite tenants…`);
  const tenants = await onboardTenants(ferry, tenantCount, 'bench');
  await warmUp(publisher, watcher, tenants, timeoutMs);
  const full = stream(tenants, customers, versions, 'f');
  say(
    `  publishing ${full.length} events (${customers} customers × ${versions} versions + ${customers} orders per tenant) as fast as possible…`,
  );
  const meter = new ProcessMeter(ferry);
  const before = meter.snapshot();
  const firstPublishedAt = Date.now();
  await publisher.publish(full);
  say(`  published in ${fmt((Date.now() - firstPublishedAt) / 1000, 1)} s`);
  const fullIds = full.map((event) => event.envelope.eventId);
  await watcher.settle(fullIds, timeoutMs, 'full load');
  const after = meter.snapshot();
  const lastSeenAt = Math.max(...fullIds.map((id) => watcher.outcomes.get(id)?.seenAt ?? 0));
  const finished = fullIds.filter((id) => watcher.outcomes.has(id)).length;
  const ferryRate = (finished * 1000) / Math.max(1, lastSeenAt - firstPublishedAt);
  const fullLatencies = latencies(publisher, watcher, new Set(fullIds));

  const halfRate = ferryRate / 2;
  const half = stream(tenants, Math.max(1, Math.round((halfRate * halfLoadSeconds) / (tenantCount * (versions + 1)))), versions, 'h');
  say(`\n(c) Ferry at 50 % of the measured maximum: ${fmt(halfRate)} events/s for ~${halfLoadSeconds} s (${half.length} events)…`);
  await publishPaced(publisher, half, halfRate);
  const halfIds = half.map((event) => event.envelope.eventId);
  await watcher.settle(halfIds, timeoutMs, '50 % load');
  const halfLatencies = latencies(publisher, watcher, new Set(halfIds));

  say(`\n== bench:throughput, ${new Date().toISOString()} ==`);
  say(`bare kafkajs passthrough (1 KB, ${partitions} partitions):   ${fmt(bare)} messages/s`);
  say(`Ferry end to end (${tenantCount} tenants, publish → final SyncStatus): ${fmt(ferryRate)} events/s`);
  say(`ratio Ferry / passthrough: ${fmt((100 * ferryRate) / bare, 2)} %   (target ≥ 10 %, and ≥ 1,500 events/s)`);
  say(`\n${'publish → final SyncStatus'.padEnd(52)}${['p50', 'p95', 'p99'].map((h) => h.padStart(11)).join('')}${'events'.padStart(9)}`);
  say(latencyRow(`full load (${fmt(ferryRate)} events/s)`, fullLatencies));
  say(latencyRow(`50 % load (${fmt(halfRate)} events/s) (target p99 < 250 ms)`, halfLatencies));
  say(`\nCPU per event and peak RSS over the full-load phase (/proc/<pid>/stat utime+stime, /proc/<pid>/status VmHWM):`);
  ProcessMeter.print(before, after, full.length, Math.max(1, lastSeenAt - firstPublishedAt));
  return printBooks(await books(ferry, tenants, publisher, watcher));
}

async function noisyMode(ferry: E2eEnvironment, publisher: ProductPublisher, watcher: OutcomeWatcher): Promise<boolean> {
  const burst = num('burst', 50_000);
  const steadyTenants = num('steady-tenants', 10);
  const steadyRate = num('steady-rate', 10);
  const steadySeconds = num('steady-seconds', 30);
  const timeoutMs = num('timeout-seconds', 1800) * 1000;
  say(`\nnoisy neighbour: onboarding ${steadyTenants} steady tenants and 1 bursting tenant…`);
  const steady = await onboardTenants(ferry, steadyTenants, 'steady');
  const [noisy] = await onboardTenants(ferry, 1, 'noisy');
  await warmUp(publisher, watcher, [...steady, noisy!], timeoutMs);
  // Steady tenants: customer + order pairs, one version, at steadyRate events/s each.
  const pairsPerPhase = Math.max(1, Math.round((steadyRate * steadySeconds) / 2));
  const steadyPhase = async (prefix: string) => {
    const events = stream(steady, pairsPerPhase, 1, prefix);
    await publishPaced(publisher, events, steadyRate * steadyTenants);
    return events.map((event) => event.envelope.eventId);
  };
  say(`  phase 1: ${steadyTenants} tenants × ${steadyRate} events/s for ~${steadySeconds} s, no burst…`);
  const quietIds = await steadyPhase('q');
  await watcher.settle(quietIds, timeoutMs, 'phase 1');
  const burstEvents = stream([noisy!], Math.ceil(burst / 2), 1, 'b').slice(0, burst);
  say(`  phase 2: the same steady load while ${noisy!.tenantId} publishes ${burstEvents.length} events at once…`);
  const [burstDone, noisyIds] = await Promise.all([publisher.publish(burstEvents).then(() => Date.now()), steadyPhase('n')]);
  say(`  burst published by ${new Date(burstDone).toISOString()}`);
  await watcher.settle(noisyIds, timeoutMs, 'phase 2 (steady tenants)');
  await watcher.settle(
    burstEvents.map((event) => event.envelope.eventId),
    timeoutMs,
    'phase 2 (burst)',
  );
  const quiet = latencies(publisher, watcher, new Set(quietIds));
  const loud = latencies(publisher, watcher, new Set(noisyIds));
  const burstLatencies = latencies(publisher, watcher, new Set(burstEvents.map((event) => event.envelope.eventId)));
  say(`\n== bench:throughput --mode noisy, ${new Date().toISOString()} ==`);
  say(`${'publish → final SyncStatus'.padEnd(52)}${['p50', 'p95', 'p99'].map((h) => h.padStart(11)).join('')}${'events'.padStart(9)}`);
  say(latencyRow('steady tenants, without the burst', quiet));
  say(latencyRow(`steady tenants, during a ${burstEvents.length}-event burst`, loud));
  say(latencyRow('the bursting tenant', burstLatencies));
  const rise = (100 * (percentile(loud, 99) - percentile(quiet, 99))) / percentile(quiet, 99);
  say(`steady tenants' p99 rose by ${fmt(rise, 1)} % during the burst (target < 20 %)`);
  return printBooks(await books(ferry, [...steady, noisy!], publisher, watcher));
}

async function productEventPartitions(): Promise<number> {
  const admin = testKafka('bench-throughput-admin').admin();
  await admin.connect();
  try {
    const [topic] = (await admin.fetchTopicMetadata({ topics: [Topics.productEvents] })).topics;
    return topic!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const mode = args['mode'] ?? 'load';
  if (mode !== 'load' && mode !== 'noisy') throw new Error(`--mode must be load or noisy (got ${mode})`);
  const profiled = args['cpu-prof'];
  const profileDir = join(repositoryRoot(), '.ferry', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  if (profiled) mkdirSync(profileDir, { recursive: true });
  say(`bench:throughput (${mode}): starting ${SERVICES.join(', ')} on ports from ${BENCHMARK_PORTS.ingestion}…`);
  const ferry = await startFerry({
    purpose: 'bench_throughput',
    ports: BENCHMARK_PORTS,
    services: SERVICES,
    env: { DELIVERY_SWEEP_INTERVAL_MS: '500' },
    ...(profiled ? { nodeArgsFor: (name) => (name === profiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []) } : {}),
  });
  let publisher: ProductPublisher | undefined;
  let watcher: OutcomeWatcher | undefined;
  let clean = false;
  try {
    publisher = await ProductPublisher.start();
    const ids = publisher.ids;
    watcher = await new OutcomeWatcher(testKafka('bench-throughput-watcher'), (id) => ids.has(id)).start();
    clean = mode === 'noisy' ? await noisyMode(ferry, publisher, watcher) : await loadMode(ferry, publisher, watcher);
  } finally {
    await watcher?.stop();
    await publisher?.stop();
    await ferry.stop();
    if (profiled) say(`CPU profile of ${profiled}: ${profileDir} (open in Chrome DevTools › Performance, or speedscope)`);
    say(`service logs: ${ferry.processes.logsDir}`);
  }
  if (!clean) process.exitCode = 2;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:throughput: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
