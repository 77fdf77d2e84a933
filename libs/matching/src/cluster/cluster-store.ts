import { MatchingError } from '../matching-error';
import type { ClusterEvent, ClusterState, LinkReason } from './cluster-events';
import type { GoldenIdMinter } from './golden-id';

/**
 * One tenant's clusters: which records form which golden record, with stable ids. An id is minted once, when
 * a record founds a cluster; a record joining a cluster never renames it; when two clusters merge the older
 * one survives and the other's id becomes its alias; must-link and cannot-link constraints are kept per
 * record pair and checked on every merge.
 */
export class ClusterStore {
  private readonly clusterOf = new Map<string, string>();
  private readonly members = new Map<string, string[]>();
  private readonly founded = new Map<string, number>();
  private readonly aliases = new Map<string, string>();
  private readonly cannot = new Map<string, Set<string>>();
  private readonly must = new Map<string, Set<string>>();
  private sequence = 0;

  constructor(private readonly mint: GoldenIdMinter) {}

  get clusterCount(): number {
    return this.members.size;
  }

  goldenIdOf(recordKey: string): string | undefined {
    return this.clusterOf.get(recordKey);
  }

  membersOf(goldenId: string): readonly string[] {
    return this.members.get(this.resolve(goldenId)) ?? [];
  }

  /** The live id for an id that may have been retired by a merge. */
  resolve(goldenId: string): string {
    let id = goldenId;
    for (let next = this.aliases.get(id); next !== undefined; next = this.aliases.get(id)) id = next;
    return id;
  }

  clusters(): IterableIterator<[goldenId: string, members: readonly string[]]> {
    return this.members.entries();
  }

  /** A new cluster founded by this record. */
  create(recordKey: string): ClusterEvent[] {
    this.requireUnclustered(recordKey);
    let goldenId = this.mint(recordKey, 0);
    for (let attempt = 1; this.members.has(goldenId) || this.aliases.has(goldenId); attempt += 1) goldenId = this.mint(recordKey, attempt);
    this.members.set(goldenId, [recordKey]);
    this.founded.set(goldenId, (this.sequence += 1));
    this.clusterOf.set(recordKey, goldenId);
    return [{ type: 'created', goldenId, recordKey }];
  }

  join(recordKey: string, goldenId: string, reason: LinkReason): ClusterEvent[] {
    this.requireUnclustered(recordKey);
    const live = this.resolve(goldenId);
    const list = this.members.get(live);
    if (!list) throw new MatchingError('unknown-golden-id', `no golden record ${goldenId}`);
    if (this.blockedBetween([recordKey], list)) throw new MatchingError('cannot-link', `record ${recordKey} must not join ${live}`);
    list.push(recordKey);
    this.clusterOf.set(recordKey, live);
    return [{ type: 'joined', goldenId: live, recordKey, reason }];
  }

  /** Whether a cannot-link forbids putting these two clusters (or a record and a cluster) together. */
  canMerge(a: string, b: string): boolean {
    const left = this.resolve(a);
    const right = this.resolve(b);
    return left === right || !this.blockedBetween(this.members.get(left) ?? [], this.members.get(right) ?? []);
  }

  canJoin(recordKey: string, goldenId: string): boolean {
    return !this.blockedBetween([recordKey], this.members.get(this.resolve(goldenId)) ?? []);
  }

  /** Merges two clusters: the one founded first survives, the other's id becomes its alias. */
  merge(a: string, b: string, reason: LinkReason): ClusterEvent[] {
    const left = this.resolve(a);
    const right = this.resolve(b);
    if (left === right) return [];
    if (!this.canMerge(left, right)) throw new MatchingError('cannot-link', `golden records ${left} and ${right} must not be merged`);
    const [survivor, retired] = (this.founded.get(left) ?? 0) <= (this.founded.get(right) ?? 0) ? [left, right] : [right, left];
    const moving = this.members.get(retired) ?? [];
    for (const key of moving) this.clusterOf.set(key, survivor);
    this.members.get(survivor)?.push(...moving);
    this.members.delete(retired);
    this.founded.delete(retired);
    this.aliases.set(retired, survivor);
    return [{ type: 'merged', survivor, retired, reason }];
  }

  mustLink(a: string, b: string, actor: string): ClusterEvent[] {
    const [left, right] = [this.requireClustered(a), this.requireClustered(b)];
    if (this.cannot.get(a)?.has(b))
      throw new MatchingError('constraint-conflict', `${a} and ${b} are marked cannot-link; remove that first`);
    addPair(this.must, a, b);
    return [{ type: 'mustLink', a, b, actor }, ...this.merge(left, right, { kind: 'mustLink', actor })];
  }

  cannotLink(a: string, b: string, actor: string): ClusterEvent[] {
    const [left, right] = [this.requireClustered(a), this.requireClustered(b)];
    if (left === right) throw new MatchingError('constraint-conflict', `${a} and ${b} are in one golden record; split it first`);
    if (this.must.get(a)?.has(b)) throw new MatchingError('constraint-conflict', `${a} and ${b} are marked must-link`);
    addPair(this.cannot, a, b);
    return [{ type: 'cannotLink', a, b, actor }];
  }

  /**
   * Moves `recordKeys` out of their cluster into a new one (a wrong merge undone). The rest keep the old id;
   * every moved record gets a cannot-link with every remaining one so matching does not merge them again,
   * and must-links across the cut are dropped (the operator's split is the newer decision).
   */
  split(goldenId: string, recordKeys: readonly string[], actor: string): ClusterEvent[] {
    const live = this.resolve(goldenId);
    const list = this.members.get(live);
    if (!list) throw new MatchingError('unknown-golden-id', `no golden record ${goldenId}`);
    const moving = new Set(recordKeys);
    const stray = recordKeys.find((key) => !list.includes(key));
    if (stray !== undefined) throw new MatchingError('not-a-member', `record ${stray} is not in golden record ${live}`);
    const staying = list.filter((key) => !moving.has(key));
    if (moving.size === 0 || staying.length === 0) throw new MatchingError('invalid-split', 'a split must leave records on both sides');
    const moved = list.filter((key) => moving.has(key));
    this.members.set(live, staying);
    for (const key of moved) this.clusterOf.delete(key);
    const [founder = '', ...rest] = moved;
    const events = this.create(founder);
    const newGoldenId = this.clusterOf.get(founder) ?? '';
    for (const key of rest) {
      this.members.get(newGoldenId)?.push(key);
      this.clusterOf.set(key, newGoldenId);
    }
    for (const a of moved) {
      for (const b of staying) {
        this.must.get(a)?.delete(b);
        this.must.get(b)?.delete(a);
        addPair(this.cannot, a, b);
      }
    }
    return [...events, { type: 'split', goldenId: live, newGoldenId, recordKeys: moved, actor }];
  }

  snapshot(): ClusterState {
    const ordered = [...this.members.entries()].sort(([a], [b]) => (this.founded.get(a) ?? 0) - (this.founded.get(b) ?? 0));
    return {
      clusters: ordered.map(([goldenId, members]) => ({ goldenId, members: [...members] })),
      aliases: [...this.aliases.entries()],
      cannotLinks: pairs(this.cannot),
      mustLinks: pairs(this.must),
    };
  }

  /** Restores a snapshot into an empty store (the service's start-up, or a bulk load of existing golden records). */
  restore(state: ClusterState): void {
    if (this.members.size > 0) throw new MatchingError('not-empty', 'restore needs an empty cluster store');
    for (const { goldenId, members } of state.clusters) {
      this.members.set(goldenId, [...members]);
      this.founded.set(goldenId, (this.sequence += 1));
      for (const key of members) this.clusterOf.set(key, goldenId);
    }
    for (const [retired, survivor] of state.aliases) this.aliases.set(retired, survivor);
    for (const [a, b] of state.cannotLinks) addPair(this.cannot, a, b);
    for (const [a, b] of state.mustLinks) addPair(this.must, a, b);
  }

  private blockedBetween(left: readonly string[], right: readonly string[]): boolean {
    if (this.cannot.size === 0) return false;
    const [small, large] = left.length <= right.length ? [left, right] : [right, left];
    const largeSet = new Set(large);
    return small.some((key) => [...(this.cannot.get(key) ?? [])].some((other) => largeSet.has(other)));
  }

  private requireUnclustered(recordKey: string): void {
    if (this.clusterOf.has(recordKey))
      throw new MatchingError('already-clustered', `record ${recordKey} already belongs to a golden record`);
  }

  private requireClustered(recordKey: string): string {
    const goldenId = this.clusterOf.get(recordKey);
    if (goldenId === undefined) throw new MatchingError('unknown-record', `no record ${recordKey}`);
    return goldenId;
  }
}

function addPair(map: Map<string, Set<string>>, a: string, b: string): void {
  (map.get(a) ?? map.set(a, new Set()).get(a))?.add(b);
  (map.get(b) ?? map.set(b, new Set()).get(b))?.add(a);
}

function pairs(map: Map<string, Set<string>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [a, others] of map) for (const b of others) if (a < b) out.push([a, b]);
  return out.sort();
}
