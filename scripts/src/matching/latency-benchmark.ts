import { goldenIdFor, TenantMatcher, type CustomerRecordInput, type MatchModel, type MatchSettings } from '@ferry/matching';
import { SyntheticPeople } from './synthetic-people';

export interface LatencyReport {
  readonly goldenRecords: number;
  readonly buildSeconds: number;
  readonly indexKeys: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly probes: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly compared: { readonly mean: number; readonly p99: number };
  readonly duplicatesJoined: number;
  readonly freshCreated: number;
}

/**
 * A tenant holding `size` golden records (synthetic people, one record each, loaded through `restore` as the
 * service loads its database), then `probes` new records matched one at a time through `upsert`, the call the
 * service makes per incoming record: half are noisy copies of people already held (they should join), half are
 * new people (they should found a golden record). Latency is per upsert, after a warm-up.
 */
export function benchmarkLatency(options: {
  size: number;
  probes: number;
  settings: MatchSettings;
  model: MatchModel;
  onProgress: (message: string) => void;
  /** Called between the build and the probes (the benchmark collects garbage there, as a settled service would have). */
  beforeProbes?: () => void;
}): LatencyReport {
  const { size, probes, settings, model, onProgress } = options;
  const people = new SyntheticPeople(20_240_601);
  const matcher = new TenantMatcher('bench-tenant', settings, { model });
  const kept: CustomerRecordInput[] = [];
  const started = process.hrtime.bigint();
  matcher.restore(
    (function* generate() {
      for (let i = 0; i < size; i += 1) {
        const record = people.person(`p${i}`);
        if (i % 997 === 0) kept.push(record);
        if ((i + 1) % 100_000 === 0) onProgress(`loaded ${i + 1} golden records`);
        yield { record, goldenId: goldenIdFor('bench-tenant', `synthetic:p${i}`) };
      }
    })(),
  );
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  options.beforeProbes?.();
  const memory = process.memoryUsage();

  const warmup = Math.min(200, probes);
  const latencies: number[] = [];
  const compared: number[] = [];
  let duplicatesJoined = 0;
  let freshCreated = 0;
  for (let i = 0; i < warmup + probes; i += 1) {
    const duplicate = i % 2 === 0;
    const original = kept[i % kept.length] as CustomerRecordInput;
    const record = duplicate ? people.variant(original, `probe-${i}`, 'erp') : people.person(`probe-${i}`, 'erp');
    const before = process.hrtime.bigint();
    const outcome = matcher.upsert(record);
    const elapsed = Number(process.hrtime.bigint() - before) / 1e6;
    if (i < warmup) continue;
    latencies.push(elapsed);
    compared.push(outcome.compared);
    if (duplicate && outcome.goldenId === matcher.goldenIdOf(`synthetic:${original.id}`)) duplicatesJoined += 1;
    if (!duplicate && outcome.decision === 'created') freshCreated += 1;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const sortedCompared = [...compared].sort((a, b) => a - b);
  return {
    goldenRecords: size,
    buildSeconds,
    indexKeys: matcher.indexKeyCount,
    rssMiB: memory.rss / 2 ** 20,
    heapUsedMiB: memory.heapUsed / 2 ** 20,
    probes,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
    },
    compared: { mean: compared.reduce((s, v) => s + v, 0) / Math.max(1, compared.length), p99: percentile(sortedCompared, 99) },
    duplicatesJoined,
    freshCreated,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
