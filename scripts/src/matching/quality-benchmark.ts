import { matchBatch, recordKey, type CustomerRecordInput, type MatchModel, type MatchSettings } from '@ferry/matching';
import { pairwiseScores, type PairwiseScores } from './pairwise-scores';
import { SyntheticPeople } from './synthetic-people';

export interface QualityReport {
  readonly records: number;
  readonly goldenRecords: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly model: MatchModel;
  readonly scores: PairwiseScores;
}

/**
 * Matches `records` exactly as `npm run match` does (stage, EM on these records, cluster) and scores the
 * clusters against `truthOf`, which the matcher never sees: it only reads the labels after the fact.
 */
export function benchmarkQuality(
  settings: MatchSettings,
  records: readonly CustomerRecordInput[],
  truthOf: (record: CustomerRecordInput) => string,
): QualityReport {
  const started = process.hrtime.bigint();
  const { matcher, model } = matchBatch('bench', settings, records);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const predicted = new Map<string, string>();
  const truth = new Map<string, string>();
  for (const record of records) {
    const key = recordKey({ source: record.source ?? 'default', id: record.id });
    predicted.set(key, matcher.goldenIdOf(key) ?? '');
    truth.set(key, truthOf(record));
  }
  return {
    records: records.length,
    goldenRecords: new Set(predicted.values()).size,
    seconds,
    recordsPerSecond: records.length / seconds,
    model,
    scores: pairwiseScores(predicted, truth),
  };
}

/**
 * A synthetic tenant with known duplicates: `people` people from the CRM, and for a third of them a second
 * record in the ERP with one to three changes (typos in names or ids, another street, a missing birth date).
 */
export function syntheticTenant(
  people: number,
  seed: number,
): { records: CustomerRecordInput[]; truthOf: (record: CustomerRecordInput) => string } {
  const generator = new SyntheticPeople(seed);
  const records: CustomerRecordInput[] = [];
  const truth = new Map<string, string>();
  for (let i = 0; i < people; i += 1) {
    const person = generator.person(`c${i}`, 'crm');
    records.push(person);
    truth.set(`crm:c${i}`, String(i));
    if (i % 3 === 0) {
      records.push(generator.variant(person, `e${i}`, 'erp'));
      truth.set(`erp:e${i}`, String(i));
    }
  }
  return { records, truthOf: (record) => truth.get(`${record.source}:${record.id}`) ?? '' };
}
