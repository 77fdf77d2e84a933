import { MISSING } from '../compare/comparators';
import { levelWeights, matchProbability, matchWeight, priorWeight, type MatchModel } from '../model/fellegi-sunter';
import type { CompiledSettings, PreparedRecord } from '../record/prepared-record';

/** A model turned into the weight tables scoring uses, checked against the settings it is used with. */
export class PairScorer {
  private readonly weights: number[][];
  private readonly prior: number;

  constructor(
    private readonly compiled: CompiledSettings,
    readonly model: MatchModel,
  ) {
    const expected = compiled.comparators.map((c) => `${c.name}:${c.levels.length}`).join(',');
    const given = model.comparisons.map((c) => `${c.name}:${c.levels.length}`).join(',');
    if (expected !== given) throw new Error(`the model's comparisons (${given}) are not the settings' (${expected}); train it again`);
    this.weights = levelWeights(model);
    this.prior = priorWeight(model);
  }

  score(a: PreparedRecord, b: PreparedRecord): { weight: number; probability: number } {
    const weight = matchWeight(this.compiled.levels(a, b), this.weights, this.prior);
    return { weight, probability: matchProbability(weight) };
  }

  /** Field by field, what a steward sees for a pair: both prepared values, the level and its weight. */
  explain(a: PreparedRecord, b: PreparedRecord): PairExplanation {
    const levels = this.compiled.levels(a, b);
    const weight = matchWeight(levels, this.weights, this.prior);
    return {
      weight,
      probability: matchProbability(weight),
      priorWeight: this.prior,
      fields: this.compiled.comparators.map((comparator, i) => {
        const level = levels[i] ?? MISSING;
        return {
          comparison: comparator.name,
          left: a.values[i] ?? '',
          right: b.values[i] ?? '',
          level: level === MISSING ? 'missing' : (comparator.levels[level] ?? String(level)),
          weight: level === MISSING ? 0 : (this.weights[i]?.[level] ?? 0),
        };
      }),
    };
  }
}

export interface PairExplanation {
  readonly weight: number;
  readonly probability: number;
  readonly priorWeight: number;
  readonly fields: readonly {
    readonly comparison: string;
    readonly left: string;
    readonly right: string;
    readonly level: string;
    readonly weight: number;
  }[];
}
