import { createHash } from 'node:crypto';
import { MISSING } from '../compare/comparators';
import type { CompiledSettings, PreparedRecord } from '../record/prepared-record';
import { estimateByEm, PatternCounts } from './em';
import { normalise, priorModel, type MatchModel } from './fellegi-sunter';

export interface TrainingSource {
  readonly compiled: CompiledSettings;
  readonly records: readonly PreparedRecord[];
  /** The records blocking would compare this one with (the tenant's candidate index). */
  candidatesOf(record: PreparedRecord): readonly PreparedRecord[];
}

/**
 * Fits a tenant's model from its own records, without labels: u from random pairs (nearly all of which are
 * different customers), then EM over the candidate pairs blocking produces, starting from the prior m. The
 * records are put in a canonical order first, so the model does not depend on the order they arrived in.
 */
export function trainModel(source: TrainingSource): MatchModel {
  const { compiled } = source;
  const estimation = compiled.settings.estimation;
  const prior = priorModel(compiled.comparators);
  const records = [...source.records].sort((a, b) => compareKeys(a.key, b.key));
  if (records.length < 2) return prior;

  const randomPairs = Math.min(estimation.randomPairs, (records.length * (records.length - 1)) / 2);
  const u = estimateUFromRandomPairs(compiled, records, randomPairs, estimation.seed);

  const sample = sampleRecords(records, estimation.maxTrainingRecords);
  const sampled = new Set(sample.map((r) => r.key));
  const patterns = new PatternCounts();
  for (const record of sample) {
    for (const other of source.candidatesOf(record)) {
      // Each pair once: from its smaller key when both are in the sample.
      if (sampled.has(other.key) && compareKeys(other.key, record.key) <= 0) continue;
      patterns.add(compiled.levels(record, other));
    }
  }
  if (patterns.total === 0) return { ...prior, comparisons: prior.comparisons.map((c, k) => ({ ...c, u: u[k] ?? c.u })) };

  const start: MatchModel = { lambda: prior.lambda, comparisons: prior.comparisons.map((c, k) => ({ ...c, u: u[k] ?? c.u })) };
  const { model, iterations, converged } = estimateByEm(patterns, start, estimation);
  return {
    ...model,
    estimation: { records: records.length, candidatePairs: patterns.total, randomPairs, iterations, converged },
  };
}

/** u per comparison and level from `count` random pairs, with one pseudo-count per level so none is zero. */
export function estimateUFromRandomPairs(
  compiled: CompiledSettings,
  records: readonly PreparedRecord[],
  count: number,
  seed: number,
): number[][] {
  const tallies = compiled.comparators.map((c) => c.levels.map(() => 1));
  const random = mulberry32(seed);
  for (let drawn = 0; drawn < count; drawn += 1) {
    const i = Math.floor(random() * records.length);
    let j = Math.floor(random() * (records.length - 1));
    if (j >= i) j += 1;
    const levels = compiled.levels(records[i] as PreparedRecord, records[j] as PreparedRecord);
    levels.forEach((level, k) => {
      if (level !== MISSING) (tallies[k] as number[])[level] = ((tallies[k] as number[])[level] ?? 0) + 1;
    });
  }
  return tallies.map((t) => normalise(t));
}

/** Up to `limit` records chosen by a hash of their key: a fixed pseudo-random sample, whatever the order. */
function sampleRecords(records: readonly PreparedRecord[], limit: number): readonly PreparedRecord[] {
  if (records.length <= limit) return records;
  return records
    .map((record) => ({ record, rank: createHash('sha1').update(record.key).digest().readUInt32BE(0) }))
    .sort((a, b) => a.rank - b.rank || compareKeys(a.record.key, b.record.key))
    .slice(0, limit)
    .map(({ record }) => record);
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same random pairs on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
