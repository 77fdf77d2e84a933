import { pairwiseScores } from './pairwise-scores';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('pairwiseScores', () => {
  it.each([
    [
      'perfect clusters',
      { a: '1', b: '1', c: '2' },
      { a: 'x', b: 'x', c: 'y' },
      { truePairs: 1, predictedPairs: 1, correctPairs: 1, precision: 1, recall: 1, f1: 1 },
    ],
    [
      'everything merged',
      { a: '1', b: '1', c: '2' },
      { a: 'x', b: 'x', c: 'x' },
      { truePairs: 1, predictedPairs: 3, correctPairs: 1, precision: 1 / 3, recall: 1, f1: 0.5 },
    ],
    [
      'a missing record counts as a singleton',
      { a: '1', b: '1', c: '1' },
      { a: 'x', b: 'x' },
      { truePairs: 3, predictedPairs: 1, correctPairs: 1, precision: 1, recall: 1 / 3, f1: 0.5 },
    ],
    [
      'nothing matched',
      { a: '1', b: '1' },
      { a: 'x', b: 'y' },
      { truePairs: 1, predictedPairs: 0, correctPairs: 0, precision: 1, recall: 0, f1: 0 },
    ],
  ])('%s', (_, truth, predicted, expected) => {
    const scores = pairwiseScores(map(predicted), map(truth));
    expect(scores).toEqual({
      ...expected,
      precision: expect.closeTo(expected.precision, 10),
      recall: expect.closeTo(expected.recall, 10),
      f1: expect.closeTo(expected.f1, 10),
    });
  });
});
