import type { ClusterEvent } from '@ferry/matching';
import { clusterChangesOf, type ClusterChanges } from './cluster-changes';

const score = { kind: 'score', probability: 0.99 } as const;
const none: ClusterChanges = { goldenIds: [], retired: [], mustLinks: [], cannotLinks: [], splits: [] };

describe('what a matcher operation changed', () => {
  it.each<[string, ClusterEvent[], Partial<ClusterChanges>]>([
    ['nothing (an unchanged record)', [], {}],
    ['a new golden record', [{ type: 'created', goldenId: 'g1', recordKey: 'product:1' }], { goldenIds: ['g1'] }],
    ['a record joining one', [{ type: 'joined', goldenId: 'g1', recordKey: 'netsuite:1', reason: score }], { goldenIds: ['g1'] }],
    ['a record updated in place', [{ type: 'updated', goldenId: 'g1', recordKey: 'product:1' }], { goldenIds: ['g1'] }],
    [
      'a record linking two golden records: the retired one is published as merged, not as live',
      [
        { type: 'updated', goldenId: 'g2', recordKey: 'product:2' },
        { type: 'merged', survivor: 'g1', retired: 'g2', reason: score },
      ],
      { goldenIds: ['g1'], retired: [{ retired: 'g2', survivor: 'g1' }] },
    ],
    [
      'merges in a chain: each retired id names the last survivor',
      [
        { type: 'created', goldenId: 'g3', recordKey: 'product:3' },
        { type: 'merged', survivor: 'g2', retired: 'g3', reason: score },
        { type: 'merged', survivor: 'g1', retired: 'g2', reason: score },
      ],
      {
        goldenIds: ['g1'],
        retired: [
          { retired: 'g3', survivor: 'g1' },
          { retired: 'g2', survivor: 'g1' },
        ],
      },
    ],
    [
      "a steward's must-link (pair stored smaller key first) and the merge it made",
      [
        { type: 'mustLink', a: 'product:9', b: 'netsuite:1', actor: 'operator:ann' },
        { type: 'merged', survivor: 'g1', retired: 'g2', reason: { kind: 'mustLink', actor: 'operator:ann' } },
      ],
      { goldenIds: ['g1'], retired: [{ retired: 'g2', survivor: 'g1' }], mustLinks: [['netsuite:1', 'product:9']] },
    ],
    [
      "a steward's cannot-link changes no golden record",
      [{ type: 'cannotLink', a: 'product:1', b: 'netsuite:1', actor: 'operator:ann' }],
      { cannotLinks: [['netsuite:1', 'product:1']] },
    ],
    [
      'a split: both golden records published, the moved records named',
      [
        { type: 'created', goldenId: 'g9', recordKey: 'netsuite:1' },
        { type: 'split', goldenId: 'g1', newGoldenId: 'g9', recordKeys: ['netsuite:1'], actor: 'operator:ann' },
      ],
      { goldenIds: ['g9', 'g1'], splits: [{ goldenId: 'g1', newGoldenId: 'g9', recordKeys: ['netsuite:1'] }] },
    ],
  ])('%s', (_name, events, expected) => {
    expect(clusterChangesOf(events)).toEqual({ ...none, ...expected });
  });
});
