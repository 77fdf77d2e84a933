import { MISSING } from '../compare/comparators';
import { normalise, type MatchModel } from './fellegi-sunter';

/** Distinct comparison vectors with how many pairs had each: EM's input, small however many pairs there are. */
export class PatternCounts {
  private readonly counts = new Map<string, { levels: number[]; count: number }>();
  total = 0;

  add(levels: readonly number[], count = 1): void {
    const key = levels.join(',');
    const entry = this.counts.get(key);
    if (entry) entry.count += count;
    else this.counts.set(key, { levels: [...levels], count });
    this.total += count;
  }

  /** In a fixed order, so floating-point sums do not depend on the order pairs were seen. */
  entries(): { levels: number[]; count: number }[] {
    return [...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  }

  get distinct(): number {
    return this.counts.size;
  }
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  /** u stays as given (estimated from random pairs) and only m and lambda are re-estimated. */
  fixU: boolean;
  /**
   * Weight, in pairs, of the starting u (from random pairs) as a prior on the u EM estimates over the
   * candidate pairs: keeps u from collapsing to 0 when blocking leaves few non-matches to learn from.
   */
  uPriorPairs: number;
}

export interface EmResult {
  model: MatchModel;
  iterations: number;
  converged: boolean;
}

/**
 * Expectation–maximisation for the two-class Fellegi–Sunter mixture (matches / non-matches) under conditional
 * independence of the comparisons, without labels: the E step gives each pattern its match probability under
 * the current m, u and lambda; the M step re-estimates them as weighted level frequencies. Missing levels
 * carry no information and are left out of both steps.
 */
export function estimateByEm(patterns: PatternCounts, start: MatchModel, options: EmOptions): EmResult {
  const entries = patterns.entries();
  const uPrior = start.comparisons.map((c) => c.u);
  let model = start;
  for (let iteration = 1; iteration <= options.maxIterations; iteration += 1) {
    const mCounts = model.comparisons.map((c) => c.levels.map(() => 0));
    const uCounts = model.comparisons.map((c) => c.levels.map(() => 0));
    let matchMass = 0;
    for (const { levels, count } of entries) {
      let logMatch = Math.log(model.lambda);
      let logNonMatch = Math.log(1 - model.lambda);
      levels.forEach((level, k) => {
        if (level === MISSING) return;
        const parameters = model.comparisons[k];
        logMatch += Math.log(parameters?.m[level] ?? 1);
        logNonMatch += Math.log(parameters?.u[level] ?? 1);
      });
      const posterior = 1 / (1 + Math.exp(logNonMatch - logMatch));
      matchMass += posterior * count;
      levels.forEach((level, k) => {
        if (level === MISSING) return;
        (mCounts[k] as number[])[level] = ((mCounts[k] as number[])[level] ?? 0) + posterior * count;
        (uCounts[k] as number[])[level] = ((uCounts[k] as number[])[level] ?? 0) + (1 - posterior) * count;
      });
    }
    const next: MatchModel = {
      lambda: clamp(matchMass / Math.max(1, patterns.total)),
      comparisons: model.comparisons.map((c, k) => ({
        ...c,
        m: estimate(mCounts[k] ?? [], c.m),
        u: options.fixU ? c.u : estimate(uCounts[k] ?? [], c.u, uPrior[k], options.uPriorPairs),
      })),
    };
    const moved = largestChange(model, next);
    model = next;
    if (moved < options.tolerance) return { model, iterations: iteration, converged: true };
  }
  return { model, iterations: options.maxIterations, converged: false };
}

/** Weighted frequencies, optionally with prior pseudo-counts; a comparison never observed keeps its estimate. */
function estimate(counts: readonly number[], previous: readonly number[], prior?: readonly number[], priorPairs = 0): number[] {
  const withPrior = counts.map((v, i) => v + priorPairs * (prior?.[i] ?? 0));
  const total = withPrior.reduce((sum, v) => sum + v, 0);
  return total > 0 ? normalise(withPrior.map((v) => v / total)) : [...previous];
}

function clamp(lambda: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, lambda));
}

function largestChange(a: MatchModel, b: MatchModel): number {
  let largest = Math.abs(a.lambda - b.lambda);
  a.comparisons.forEach((c, k) => {
    const other = b.comparisons[k];
    c.m.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - (other?.m[i] ?? 0)))));
    c.u.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - (other?.u[i] ?? 0)))));
  });
  return largest;
}
