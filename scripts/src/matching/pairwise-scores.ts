/**
 * Pairwise precision, recall and F1 of predicted clusters against true clusters, over unordered record
 * pairs: the measure the Febrl README defines for cluster output.
 */
export interface PairwiseScores {
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function pairwiseScores(predicted: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): PairwiseScores {
  const pairsWithin = (groups: Map<string, number>): number => [...groups.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const count = (key: (id: string) => string | undefined): Map<string, number> => {
    const sizes = new Map<string, number>();
    for (const id of truth.keys()) {
      const group = key(id);
      if (group !== undefined) sizes.set(group, (sizes.get(group) ?? 0) + 1);
    }
    return sizes;
  };
  const truePairs = pairsWithin(count((id) => truth.get(id)));
  // A record missing from the prediction is a singleton.
  const predictedPairs = pairsWithin(count((id) => predicted.get(id) ?? `singleton:${id}`));
  const correctPairs = pairsWithin(count((id) => `${predicted.get(id) ?? `singleton:${id}`}\u0000${truth.get(id)}`));
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}
