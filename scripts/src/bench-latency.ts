import { randomUUID } from 'node:crypto';
import { SchemaCatalog, Subjects, Topics, type SyncStatus } from '@ferry/contracts';
import {
  BENCHMARK_PORTS,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  startFerry,
  testKafka,
  testRegistry,
  waitUntil,
} from '@ferry/testing';
import { cliArgs } from './cli-args';

/**
 * npm run bench:latency [-- --events 50]
 * End-to-end latency of one event at rest: the product publishes one CustomerUpserted, waits until its
 * 'delivered' SyncStatus appears, then sends the next. Prints the percentiles of
 *   - publish → delivered SyncStatus seen by a consumer (what an analyst waiting on the topic sees), and
 *   - occurredAt → delivered (SyncStatus.latencyMs, measured by the delivery service).
 */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function row(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const cells = [
    percentile(sorted, 50),
    percentile(sorted, 95),
    percentile(sorted, 99),
    sorted[sorted.length - 1] ?? NaN,
    sorted[0] ?? NaN,
  ].map((v) => `${v.toFixed(0)} ms`.padStart(9));
  return `${label.padEnd(44)}${cells.join('')}`;
}

async function main(): Promise<void> {
  const count = Number(cliArgs()['events'] ?? 50);
  const warmup = 5;
  process.stdout.write(
    `bench:latency: starting Ferry (simulators + 7 services) on ports ${BENCHMARK_PORTS.ingestion}-${BENCHMARK_PORTS['delivery-webhook']}…\n`,
  );
  const ferry = await startFerry({ purpose: 'bench', ports: BENCHMARK_PORTS });
  const statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
  const product = testKafka('bench-product', 'product').producer();
  try {
    const tenant = `bench-${randomUUID().slice(0, 8)}`;
    await onboardNetSuiteTenant({
      tenantId: tenant,
      accountId: `TSTDRV-${tenant.toUpperCase()}`,
      simulatorUrl: ferry.simulatorUrl,
      controlPlane: ferry.controlPlane,
    });
    const registry = testRegistry('product').schemaRegistry();
    const { id } = await registry.register(
      { type: 'AVRO', schema: SchemaCatalog.load().subject(Subjects.CustomerUpserted).schemaText } as never,
      {
        subject: Subjects.CustomerUpserted,
        compatibility: 'FULL_TRANSITIVE' as never,
      },
    );
    await product.connect();
    const observed: number[] = [];
    const reported: number[] = [];
    for (let i = 0; i < warmup + count; i += 1) {
      const event = sampleCustomerUpserted(tenant);
      const value = await registry.encode(id, event);
      const sent = Date.now();
      await product.send({ topic: Topics.productEvents, messages: [{ key: `${tenant}:customer:${event.envelope.entityId}`, value }] });
      const delivered = await waitUntil(
        'delivery',
        () => statuses.where((s) => s.eventId === event.envelope.eventId && s.status === 'delivered')[0],
        30_000,
        2,
      );
      if (i < warmup) continue;
      observed.push(Date.now() - sent);
      reported.push(delivered.value.latencyMs ?? NaN);
      if ((i - warmup + 1) % 10 === 0) process.stdout.write(`  ${i - warmup + 1}/${count} events\n`);
    }
    process.stdout.write(
      `\nend-to-end latency of one event at rest, ${count} events (after ${warmup} warm-up), NetSuite simulator without injected latency\n`,
    );
    process.stdout.write(`${''.padEnd(44)}${['p50', 'p95', 'p99', 'max', 'min'].map((h) => h.padStart(9)).join('')}\n`);
    process.stdout.write(`${row('publish → delivered SyncStatus on the topic', observed)}\n`);
    process.stdout.write(`${row('occurredAt → delivered (SyncStatus.latencyMs)', reported)}\n`);
  } finally {
    await product.disconnect();
    await statuses.stop();
    await ferry.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:latency: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
