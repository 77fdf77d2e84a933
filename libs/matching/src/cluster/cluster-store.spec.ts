import { MatchingError } from '../matching-error';
import { ClusterStore } from './cluster-store';
import { goldenIdFor } from './golden-id';

const score = { kind: 'score', probability: 0.99 } as const;
const newStore = () => new ClusterStore((key, attempt) => goldenIdFor('tenant-a', key, attempt));

function storeWith(...groups: string[][]): ClusterStore {
  const store = newStore();
  for (const [founder = '', ...rest] of groups) {
    store.create(founder);
    for (const key of rest) store.join(key, store.goldenIdOf(founder) ?? '', score);
  }
  return store;
}

describe('golden ids', () => {
  it('are name-based UUIDs: the same tenant and founder give the same id, another tenant another one', () => {
    expect(goldenIdFor('tenant-a', 'crm:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(goldenIdFor('tenant-a', 'crm:1')).toBe(goldenIdFor('tenant-a', 'crm:1'));
    expect(goldenIdFor('tenant-b', 'crm:1')).not.toBe(goldenIdFor('tenant-a', 'crm:1'));
  });
});

describe('ClusterStore', () => {
  it('mints an id once, and a record joining a cluster does not rename it', () => {
    const store = newStore();
    store.create('crm:1');
    const id = store.goldenIdOf('crm:1');
    store.join('erp:9', id ?? '', score);
    expect(store.goldenIdOf('erp:9')).toBe(id);
    expect(store.goldenIdOf('crm:1')).toBe(id);
    expect(store.membersOf(id ?? '')).toEqual(['crm:1', 'erp:9']);
  });

  it('keeps the older cluster on a merge and resolves the other id as its alias', () => {
    const store = storeWith(['crm:1'], ['crm:2', 'erp:2']);
    const older = store.goldenIdOf('crm:1') ?? '';
    const younger = store.goldenIdOf('crm:2') ?? '';
    const events = store.merge(younger, older, score);
    expect(events).toEqual([{ type: 'merged', survivor: older, retired: younger, reason: score }]);
    expect(store.goldenIdOf('erp:2')).toBe(older);
    expect(store.resolve(younger)).toBe(older);
    expect(store.clusterCount).toBe(1);
  });

  it('refuses a merge or a join that a cannot-link forbids', () => {
    const store = storeWith(['crm:1'], ['crm:2']);
    store.cannotLink('crm:1', 'crm:2', 'steward');
    expect(store.canMerge(store.goldenIdOf('crm:1') ?? '', store.goldenIdOf('crm:2') ?? '')).toBe(false);
    expect(() => store.merge(store.goldenIdOf('crm:1') ?? '', store.goldenIdOf('crm:2') ?? '', score)).toThrow(MatchingError);
    store.create('erp:3');
    store.merge(store.goldenIdOf('erp:3') ?? '', store.goldenIdOf('crm:2') ?? '', score);
    expect(store.canJoin('crm:1', store.goldenIdOf('erp:3') ?? '')).toBe(false);
  });

  it('merges on must-link and rejects a must-link that contradicts a cannot-link', () => {
    const store = storeWith(['crm:1'], ['crm:2'], ['crm:3']);
    store.mustLink('crm:1', 'crm:2', 'steward');
    expect(store.goldenIdOf('crm:2')).toBe(store.goldenIdOf('crm:1'));
    store.cannotLink('crm:1', 'crm:3', 'steward');
    expect(() => store.mustLink('crm:3', 'crm:1', 'steward')).toThrow(/cannot-link/);
  });

  it('splits a wrong merge: the rest keep the id, the moved records get a new one and a cannot-link', () => {
    const store = storeWith(['crm:1', 'erp:1', 'crm:2', 'erp:2']);
    const id = store.goldenIdOf('crm:1') ?? '';
    const events = store.split(id, ['crm:2', 'erp:2'], 'steward');
    const newId = store.goldenIdOf('crm:2') ?? '';
    expect(store.goldenIdOf('crm:1')).toBe(id);
    expect(newId).not.toBe(id);
    expect(store.goldenIdOf('erp:2')).toBe(newId);
    expect(events[events.length - 1]).toEqual({
      type: 'split',
      goldenId: id,
      newGoldenId: newId,
      recordKeys: ['crm:2', 'erp:2'],
      actor: 'steward',
    });
    expect(store.canMerge(id, newId)).toBe(false);
  });

  it.each([
    ['a record outside the cluster', ['crm:9'], 'not-a-member'],
    ['every record', ['crm:1', 'erp:1'], 'invalid-split'],
    ['no record', [], 'invalid-split'],
  ])('refuses to split off %s', (_, keys, code) => {
    const store = storeWith(['crm:1', 'erp:1'], ['crm:9']);
    expect(() => store.split(store.goldenIdOf('crm:1') ?? '', keys, 'steward')).toThrow(expect.objectContaining({ code }));
  });

  it('never mints an id twice: a record founding a second cluster gets a fresh one', () => {
    const store = storeWith(['crm:1', 'crm:2']);
    const first = store.goldenIdOf('crm:1') ?? '';
    store.split(first, ['crm:1'], 'steward');
    expect(store.goldenIdOf('crm:1')).not.toBe(first);
    expect(store.goldenIdOf('crm:2')).toBe(first);
  });

  it('restores from its snapshot to the same state', () => {
    const store = storeWith(['crm:1', 'erp:1'], ['crm:2'], ['crm:3']);
    store.merge(store.goldenIdOf('crm:3') ?? '', store.goldenIdOf('crm:1') ?? '', score);
    store.cannotLink('crm:1', 'crm:2', 'steward');
    const restored = newStore();
    restored.restore(store.snapshot());
    expect(restored.snapshot()).toEqual(store.snapshot());
    expect(restored.canMerge(restored.goldenIdOf('crm:1') ?? '', restored.goldenIdOf('crm:2') ?? '')).toBe(false);
  });
});
