import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { matchBatch, recordKey, resolveMatchSettings, type CustomerRecordInput } from '@ferry/matching';
import { readCsvRecords, sourceNames, UsageError } from './matching/csv-records';
import { MATCH_USAGE, parseMatchArguments } from './matching/match-arguments';

/**
 * npm run match -- --input <csv> [--input <csv> …] --columns <json> --output <csv>
 * A steward's one-off clean-up or a benchmark run: matches every record of the inputs (one source system per
 * file) with the library the master-data service uses (stage, EM training on these records, clustering) and
 * writes record_id,cluster_id. Progress goes to stderr.
 */
function log(message: string): void {
  process.stderr.write(`match: ${message}\n`);
}

function main(): void {
  const started = Date.now();
  const args = parseMatchArguments(process.argv.slice(2));
  const settings = resolveMatchSettings(args.settings);
  const sources = sourceNames(args.inputs);
  const records: CustomerRecordInput[] = [];
  args.inputs.forEach((input, i) => {
    const read = readCsvRecords(input, args.columns, sources[i] ?? `input-${i + 1}`);
    log(`read ${read.length} records from ${input} (source '${sources[i]}')`);
    records.push(...read);
  });
  const ids = records.map((r) => r.id);
  if (new Set(ids).size !== ids.length)
    log('warning: the same record id appears in more than one input; record_id alone does not tell them apart');
  log(`profile '${settings.profile}', ${settings.comparisons.length} comparisons, ${settings.blocking.length} blocking keys`);

  const { matcher, model, outcomes } = matchBatch('cli', settings, records, {
    onProgress: ({ phase, done, total }) => {
      if (phase === 'train' && done === 0) log('estimating m and u by EM from these records (no labels)…');
      else if (phase !== 'train') log(`${phase === 'index' ? 'indexed' : 'clustered'} ${done}/${total}`);
    },
  });
  const estimation = model.estimation;
  if (estimation) {
    log(
      `EM: ${estimation.candidatePairs} candidate pairs, ${estimation.randomPairs} random pairs for u, ` +
        `${estimation.converged ? 'converged' : 'stopped'} after ${estimation.iterations} iterations, match share ${model.lambda.toFixed(3)}`,
    );
  }
  const rows = records.map((record) => [
    record.id,
    matcher.goldenIdOf(recordKey({ source: record.source ?? 'default', id: record.id })) ?? '',
  ]);
  writeFileSync(args.output, stringify([['record_id', 'cluster_id'], ...rows]));
  const clusters = new Set(rows.map(([, cluster]) => cluster)).size;
  const reviews = outcomes.reduce((sum, o) => sum + o.reviews.length, 0);
  log(
    `wrote ${rows.length} lines to ${args.output}: ${clusters} golden records, ${reviews} pair(s) for steward review, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

try {
  main();
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`match: ${error.message}\n${MATCH_USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`match: failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
