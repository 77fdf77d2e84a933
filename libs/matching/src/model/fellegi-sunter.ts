import { MISSING, type Comparator } from '../compare/comparators';

/** m = P(level | same customer), u = P(level | different customers), one entry per level of a comparison. */
export interface ComparisonParameters {
  readonly name: string;
  readonly levels: readonly string[];
  readonly m: readonly number[];
  readonly u: readonly number[];
}

/** A tenant's fitted Fellegi–Sunter model; plain data so the service can store and reload it. */
export interface MatchModel {
  /** Share of matches among the candidate pairs blocking produces (the prior of every comparison). */
  readonly lambda: number;
  readonly comparisons: readonly ComparisonParameters[];
  readonly estimation?: {
    readonly records: number;
    readonly candidatePairs: number;
    readonly randomPairs: number;
    readonly iterations: number;
    readonly converged: boolean;
  };
}

const FLOOR = 1e-6;

/**
 * The model before any data: generic beliefs (an exact agreement is common among matches and rare among
 * non-matches) that EM replaces with the tenant's own estimates, and that a tenant with too few records uses.
 */
export function priorModel(comparators: readonly Comparator[]): MatchModel {
  return {
    lambda: 0.1,
    comparisons: comparators.map(({ name, levels }) => {
      const count = levels.length;
      // m falls and u rises from the strongest level to 'different'.
      const m = levels.map((_, i) => (i === count - 1 ? 0.05 : i === 0 ? 0.8 : 0.15 / Math.max(1, count - 2)));
      const u = levels.map((_, i) => (i === count - 1 ? 0.9 : i === 0 ? 0.02 : 0.08 / Math.max(1, count - 2)));
      return { name, levels, m: normalise(m), u: normalise(u) };
    }),
  };
}

/** Per comparison and level, log2(m/u): the evidence that level gives for a match. */
export function levelWeights(model: MatchModel): number[][] {
  return model.comparisons.map(({ m, u }) => m.map((mi, i) => Math.log2(Math.max(mi, FLOOR) / Math.max(u[i] ?? 0, FLOOR))));
}

export function priorWeight(model: MatchModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/** The match weight of a comparison vector: prior plus the evidence of every compared field. */
export function matchWeight(levels: readonly number[], weights: readonly (readonly number[])[], prior: number): number {
  let weight = prior;
  for (let i = 0; i < levels.length; i += 1) {
    const level = levels[i] ?? MISSING;
    if (level !== MISSING) weight += weights[i]?.[level] ?? 0;
  }
  return weight;
}

export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

export function normalise(values: readonly number[]): number[] {
  const floored = values.map((v) => Math.max(v, FLOOR));
  const total = floored.reduce((sum, v) => sum + v, 0);
  return floored.map((v) => v / total);
}
