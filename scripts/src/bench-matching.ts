import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolveMatchSettings, type MatchModel } from '@ferry/matching';
import { cliArgs } from './cli-args';
import { readCsvRecords } from './matching/csv-records';
import { benchmarkLatency } from './matching/latency-benchmark';
import { benchmarkQuality, syntheticTenant, type QualityReport } from './matching/quality-benchmark';

/**
 * npm run bench:matching [-- --size 1000000 --probes 2000 --data ../shared/data/febrl3]
 * 1. Quality on Febrl3: pairwise precision, recall and F1 of the clusters, with EM-estimated weights (rec_id is
 *    read only to score, after matching) and records/s, through the same code as `npm run match`.
 * 2. Quality on a synthetic tenant (other people, other noise), whose EM-fitted model the next step uses.
 * 3. Latency: one new record against a tenant holding `size` golden records (synthetic people; see
 *    matching/synthetic-people.ts): p50/p95/p99, index build time, memory.
 */
const FEBRL_COLUMNS = {
  rec_id: 'id',
  given_name: 'name.given',
  surname: 'name.family',
  street_number: 'address.number',
  address_1: 'address.line1',
  address_2: 'address.line2',
  suburb: 'address.locality',
  postcode: 'address.postcode',
  state: 'address.region',
  date_of_birth: 'birthDate',
  soc_sec_id: 'nationalId',
};

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function progress(message: string): void {
  process.stderr.write(`bench:matching: ${message}\n`);
}

function printQuality(title: string, report: QualityReport): void {
  const { scores, model } = report;
  print(`${title}`);
  print(`  records                 ${report.records}  →  ${report.goldenRecords} golden records`);
  print(`  precision / recall / F1 ${scores.precision.toFixed(4)} / ${scores.recall.toFixed(4)} / ${scores.f1.toFixed(4)}`);
  print(`  pairs                   ${scores.correctPairs} correct of ${scores.predictedPairs} predicted, ${scores.truePairs} true`);
  print(`  speed                   ${report.recordsPerSecond.toFixed(0)} records/s (${report.seconds.toFixed(1)} s: index, EM, cluster)`);
  if (model.estimation) {
    print(
      `  EM                      ${model.estimation.candidatePairs} candidate pairs, ${model.estimation.randomPairs} random pairs for u, ` +
        `${model.estimation.iterations} iterations, match share among candidates ${model.lambda.toFixed(3)}`,
    );
  }
}

function main(): void {
  const args = cliArgs();
  const root = join(__dirname, '..', '..', '..');
  const dataDir = args['data'] ?? join(root, '..', 'shared', 'data', 'febrl3');
  const size = Number(args['size'] ?? 1_000_000);
  const probes = Number(args['probes'] ?? 2000);
  const settings = resolveMatchSettings({ profile: 'person' });
  const cpu = cpus();
  print(`bench:matching  ${new Date().toISOString()}  node ${process.version}`);
  print(
    `machine         ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  print(`settings        default 'person' profile (the same for every data set below)`);
  print();

  const febrlFile = join(dataDir, 'dataset3.csv');
  if (existsSync(febrlFile)) {
    progress(`matching ${febrlFile}…`);
    const records = readCsvRecords(febrlFile, FEBRL_COLUMNS, 'febrl3');
    const febrl = benchmarkQuality(settings, records, (record) => record.id.split('-')[1] ?? '');
    printQuality(`Febrl3 (${febrlFile})`, febrl);
    print(`  target F1 >= 0.99       ${febrl.scores.f1 >= 0.99 ? 'met' : 'NOT met'}`);
  } else {
    print(
      `Febrl3: skipped, ${febrlFile} is missing (give its folder with --data <dir>; its README in the shared data folder describes it)`,
    );
  }
  print();

  progress('matching a synthetic tenant (30,000 people, a third of them also in a second system)…');
  const synthetic = syntheticTenant(30_000, 7);
  const syntheticReport = benchmarkQuality(settings, synthetic.records, synthetic.truthOf);
  printQuality('Synthetic tenant (30,000 people from a CRM, 10,000 of them again in an ERP with 1–3 changes)', syntheticReport);
  print();

  if (size > 0) latency(size, probes, settings, syntheticReport.model);
  print(
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

function latency(size: number, probes: number, settings: ReturnType<typeof resolveMatchSettings>, model: MatchModel): void {
  progress(`building a tenant of ${size} synthetic golden records…`);
  const gc = (globalThis as { gc?: () => void }).gc;
  const report = benchmarkLatency({ size, probes, settings, model, onProgress: progress, beforeProbes: () => gc?.() });
  const { latencyMs } = report;
  print(`One new record against ${report.goldenRecords.toLocaleString('en')} golden records (model: EM on the synthetic tenant above)`);
  print(
    `  index build             ${report.buildSeconds.toFixed(1)} s (${(report.goldenRecords / report.buildSeconds).toFixed(0)} records/s), ${report.indexKeys.toLocaleString('en')} keys`,
  );
  print(`  memory after build      RSS ${report.rssMiB.toFixed(0)} MiB, heap used ${report.heapUsedMiB.toFixed(0)} MiB`);
  print(
    `  latency per upsert      p50 ${latencyMs.p50.toFixed(2)} ms  p95 ${latencyMs.p95.toFixed(2)} ms  p99 ${latencyMs.p99.toFixed(2)} ms  max ${latencyMs.max.toFixed(1)} ms  (${report.probes} records)`,
  );
  print(`  records compared        mean ${report.compared.mean.toFixed(1)}, p99 ${report.compared.p99}`);
  print(
    `  decisions               ${report.duplicatesJoined}/${report.probes / 2} changed copies joined their person; ${report.freshCreated}/${report.probes / 2} new people got a new golden record`,
  );
  print(`  target p99 < 20 ms      ${latencyMs.p99 < 20 ? 'met' : 'NOT met'}`);
}

main();
