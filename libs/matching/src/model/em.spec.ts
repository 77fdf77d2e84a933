import { MISSING } from '../compare/comparators';
import { mulberry32 } from './training';
import { estimateByEm, PatternCounts } from './em';
import { levelWeights, matchProbability, matchWeight, priorModel, priorWeight, type MatchModel } from './fellegi-sunter';

/** Draws `pairs` comparison vectors from a known two-class model, with some levels missing. */
function synthetic(truth: MatchModel, pairs: number, missingRate: number, seed: number): PatternCounts {
  const random = mulberry32(seed);
  const draw = (probabilities: readonly number[]): number => {
    let target = random();
    for (let i = 0; i < probabilities.length; i += 1) if ((target -= probabilities[i] ?? 0) < 0) return i;
    return probabilities.length - 1;
  };
  const patterns = new PatternCounts();
  for (let i = 0; i < pairs; i += 1) {
    const match = random() < truth.lambda;
    patterns.add(truth.comparisons.map((c) => (random() < missingRate ? MISSING : draw(match ? c.m : c.u))));
  }
  return patterns;
}

const levels = ['exact', 'close', 'different'];
const TRUTH: MatchModel = {
  lambda: 0.2,
  comparisons: [
    { name: 'name', levels, m: [0.85, 0.1, 0.05], u: [0.02, 0.08, 0.9] },
    { name: 'birthDate', levels, m: [0.9, 0.06, 0.04], u: [0.005, 0.015, 0.98] },
    { name: 'postcode', levels, m: [0.7, 0.2, 0.1], u: [0.05, 0.1, 0.85] },
    { name: 'street', levels, m: [0.6, 0.3, 0.1], u: [0.01, 0.04, 0.95] },
  ],
};

describe('estimateByEm', () => {
  const comparators = TRUTH.comparisons.map(({ name }) => ({ name, levels, compare: () => 0 }));

  it.each([
    ['all fields present', 0],
    ['a fifth of the fields missing', 0.2],
  ])('recovers known m, u and lambda from unlabelled pairs (%s)', (_, missingRate) => {
    const patterns = synthetic(TRUTH, 50_000, missingRate, 42);
    const { model, converged } = estimateByEm(patterns, priorModel(comparators), {
      maxIterations: 500,
      tolerance: 1e-7,
      fixU: false,
      uPriorPairs: 0,
    });
    expect(converged).toBe(true);
    expect(model.lambda).toBeCloseTo(TRUTH.lambda, 1);
    model.comparisons.forEach((estimated, k) => {
      const truth = TRUTH.comparisons[k];
      estimated.m.forEach((m, i) => expect(Math.abs(m - (truth?.m[i] ?? NaN))).toBeLessThan(0.02));
      estimated.u.forEach((u, i) => expect(Math.abs(u - (truth?.u[i] ?? NaN))).toBeLessThan(0.02));
    });
  });

  it('keeps u as given when fixU is set, and still finds m', () => {
    const patterns = synthetic(TRUTH, 50_000, 0, 7);
    const start: MatchModel = {
      ...priorModel(comparators),
      comparisons: priorModel(comparators).comparisons.map((c, k) => ({ ...c, u: TRUTH.comparisons[k]?.u ?? c.u })),
    };
    const { model } = estimateByEm(patterns, start, { maxIterations: 500, tolerance: 1e-7, fixU: true, uPriorPairs: 0 });
    model.comparisons.forEach((c, k) => {
      expect(c.u).toEqual(TRUTH.comparisons[k]?.u);
      c.m.forEach((m, i) => expect(Math.abs(m - (TRUTH.comparisons[k]?.m[i] ?? NaN))).toBeLessThan(0.02));
    });
  });

  it('pulls u towards the starting u in proportion to uPriorPairs', () => {
    const patterns = synthetic(TRUTH, 5_000, 0, 3);
    const start = priorModel(comparators);
    const free = estimateByEm(patterns, start, { maxIterations: 200, tolerance: 1e-7, fixU: false, uPriorPairs: 0 }).model;
    const held = estimateByEm(patterns, start, { maxIterations: 200, tolerance: 1e-7, fixU: false, uPriorPairs: 100_000 }).model;
    const distance = (model: MatchModel) => Math.abs((model.comparisons[0]?.u[0] ?? 0) - (start.comparisons[0]?.u[0] ?? 0));
    expect(distance(held)).toBeLessThan(distance(free));
  });
});

describe('Fellegi–Sunter weights', () => {
  it.each([
    ['every field exact', [0, 0, 0, 0]],
    ['every field different', [2, 2, 2, 2]],
    ['missing fields add nothing', [0, MISSING, MISSING, MISSING]],
  ])('%s', (_, vector) => {
    const weights = levelWeights(TRUTH);
    const expected = vector.reduce(
      (sum, level, k) =>
        level === MISSING ? sum : sum + Math.log2((TRUTH.comparisons[k]?.m[level] ?? 1) / (TRUTH.comparisons[k]?.u[level] ?? 1)),
      Math.log2(0.2 / 0.8),
    );
    expect(matchWeight(vector, weights, priorWeight(TRUTH))).toBeCloseTo(expected, 10);
  });

  it.each([
    [0, 0.5],
    [10, 1 / (1 + 2 ** -10)],
    [-10, 1 / (1 + 2 ** 10)],
  ])('weight %p is probability %p', (weight, probability) => {
    expect(matchProbability(weight)).toBeCloseTo(probability, 12);
  });
});
