import { CandidateIndex } from '../blocking/candidate-index';
import type { ClusterEvent, ClusterState, LinkReason } from '../cluster/cluster-events';
import { ClusterStore } from '../cluster/cluster-store';
import { goldenIdFor, type GoldenIdMinter } from '../cluster/golden-id';
import { MatchingError } from '../matching-error';
import { priorModel, type MatchModel } from '../model/fellegi-sunter';
import { compareKeys, trainModel } from '../model/training';
import { CustomerRecordSchema, recordKey, type CustomerRecord, type CustomerRecordInput } from '../record/customer-record';
import { CompiledSettings, type PreparedRecord } from '../record/prepared-record';
import type { MatchSettings } from '../settings/match-settings';
import { surviveGoldenRecord, type GoldenRecord } from '../survivorship/survivorship';
import { PairScorer, type PairExplanation } from './pair-scoring';

export interface ScoredLink {
  readonly recordKey: string;
  readonly probability: number;
  /** The match weight (log2 Bayes factor with the prior); Infinity for a deterministic link. */
  readonly weight: number;
  /** The deterministic rule that linked them, when no score was needed. */
  readonly rule?: string;
}

export interface MatchOutcome {
  readonly recordKey: string;
  readonly goldenId: string;
  readonly decision: 'created' | 'joined' | 'merged' | 'updated' | 'unchanged';
  /** Records at or above the auto-merge threshold (or deterministically linked). */
  readonly links: readonly ScoredLink[];
  /** Records between the review and auto-merge thresholds, in other golden records: for a steward. */
  readonly reviews: readonly ScoredLink[];
  readonly events: readonly ClusterEvent[];
  /** How many records blocking put forward for comparison (a health figure for the blocking keys). */
  readonly compared: number;
}

export interface TenantMatcherOptions {
  readonly model?: MatchModel;
  readonly mintGoldenId?: GoldenIdMinter;
}

interface Held {
  record: CustomerRecord;
  sequence: number;
  blocking: readonly string[];
  deterministic: readonly string[];
}

/**
 * Matching for one tenant: its records, candidate index, model and clusters. Records of another tenant never
 * reach it (the engine keeps one per tenant). `upsert` places one record at a time, as the service does;
 * `stage` + `train` + `clusterStaged` is the batch path, which places the staged records in key order
 * through the same code, so both give the clusters that the auto-merge links connect, whatever the order.
 */
export class TenantMatcher {
  readonly compiled: CompiledSettings;
  private readonly index: CandidateIndex;
  private readonly clusters: ClusterStore;
  private readonly records = new Map<string, Held>();
  private readonly staged = new Set<string>();
  private scorer: PairScorer;
  private sequence = 0;

  constructor(
    readonly tenantId: string,
    settings: MatchSettings,
    options: TenantMatcherOptions = {},
  ) {
    this.compiled = new CompiledSettings(settings);
    this.index = new CandidateIndex(settings.maxBlockSize);
    this.clusters = new ClusterStore(options.mintGoldenId ?? ((key, attempt) => goldenIdFor(tenantId, key, attempt)));
    this.scorer = new PairScorer(this.compiled, options.model ?? priorModel(this.compiled.comparators));
  }

  get model(): MatchModel {
    return this.scorer.model;
  }

  get recordCount(): number {
    return this.records.size;
  }

  get indexKeyCount(): number {
    return this.index.keyCount;
  }

  useModel(model: MatchModel): void {
    this.scorer = new PairScorer(this.compiled, model);
  }

  /** Fits the model to the records held (EM, no labels) and uses it from now on. */
  train(): MatchModel {
    const model = trainModel({
      compiled: this.compiled,
      records: [...this.records.keys()].map((key) => this.index.get(key)).filter((r): r is PreparedRecord => r !== undefined),
      candidatesOf: (prepared) => this.candidates(prepared.key).map((c) => c.record),
    });
    this.useModel(model);
    return model;
  }

  /** Adds or updates one record and places it: a new golden record, an existing one, or a merge of several. */
  upsert(input: CustomerRecordInput): MatchOutcome {
    const record = parseRecord(input);
    const key = recordKey(record);
    const existing = this.records.get(key);
    if (existing && JSON.stringify(existing.record) === JSON.stringify(record) && !this.staged.has(key)) {
      return {
        recordKey: key,
        goldenId: this.goldenIdOf(key) ?? '',
        decision: 'unchanged',
        links: [],
        reviews: [],
        events: [],
        compared: 0,
      };
    }
    this.put(record);
    this.staged.delete(key);
    return this.place(key);
  }

  /** Holds and indexes records without placing them yet (the batch path, before `train`). */
  stage(input: CustomerRecordInput): string {
    const record = parseRecord(input);
    const key = recordKey(record);
    if (this.clusters.goldenIdOf(key) !== undefined)
      throw new MatchingError('already-clustered', `record ${key} is already placed; upsert it`);
    this.put(record);
    this.staged.add(key);
    return key;
  }

  /** Places every staged record, in key order so the golden ids do not depend on the order they were staged. */
  clusterStaged(onProgress?: (done: number, total: number) => void): MatchOutcome[] {
    const keys = [...this.staged].sort(compareKeys);
    this.staged.clear();
    return keys.map((key, i) => {
      onProgress?.(i + 1, keys.length);
      return this.place(key);
    });
  }

  /**
   * Bulk-loads records that already have golden ids (the service's start-up from its database): indexes them
   * and rebuilds the clusters, aliases and constraints without matching anything. Records may be streamed.
   */
  restore(records: Iterable<{ record: CustomerRecordInput; goldenId: string }>, links: Omit<ClusterState, 'clusters'> = NO_LINKS): void {
    if (this.records.size > 0) throw new MatchingError('not-empty', 'restore needs an empty matcher');
    const clusters = new Map<string, string[]>();
    for (const { record, goldenId } of records) {
      const parsed = parseRecord(record);
      this.put(parsed);
      const members = clusters.get(goldenId);
      if (members) members.push(recordKey(parsed));
      else clusters.set(goldenId, [recordKey(parsed)]);
    }
    this.clusters.restore({ ...links, clusters: [...clusters].map(([goldenId, members]) => ({ goldenId, members })) });
  }

  goldenIdOf(recordKey: string): string | undefined {
    return this.clusters.goldenIdOf(recordKey);
  }

  goldenRecord(goldenId: string): GoldenRecord {
    const live = this.clusters.resolve(goldenId);
    const members = this.clusters.membersOf(live).map((key) => this.held(key));
    if (members.length === 0) throw new MatchingError('unknown-golden-id', `no golden record ${goldenId}`);
    return surviveGoldenRecord(live, members, this.compiled.settings.survivorship);
  }

  clusterState(): ClusterState {
    return this.clusters.snapshot();
  }

  /** The field-by-field comparison of two held records (what a steward reviews). */
  explain(leftKey: string, rightKey: string): PairExplanation {
    return this.scorer.explain(this.prepared(leftKey), this.prepared(rightKey));
  }

  mustLink(leftKey: string, rightKey: string, actor: string): ClusterEvent[] {
    return this.clusters.mustLink(leftKey, rightKey, actor);
  }

  cannotLink(leftKey: string, rightKey: string, actor: string): ClusterEvent[] {
    return this.clusters.cannotLink(leftKey, rightKey, actor);
  }

  split(goldenId: string, recordKeys: readonly string[], actor: string): ClusterEvent[] {
    return this.clusters.split(goldenId, recordKeys, actor);
  }

  private put(record: CustomerRecord): void {
    const key = recordKey(record);
    const existing = this.records.get(key);
    if (existing) this.index.remove(key, [...existing.blocking, ...existing.deterministic]);
    const blocking = this.compiled.blockingKeys(record);
    const deterministic = this.compiled.deterministicKeys(record);
    this.records.set(key, { record, sequence: existing?.sequence ?? (this.sequence += 1), blocking, deterministic });
    this.index.add(this.compiled.prepare(record), [...blocking, ...deterministic]);
  }

  private place(key: string): MatchOutcome {
    const prepared = this.prepared(key);
    const links: ScoredLink[] = [];
    const reviews: ScoredLink[] = [];
    const { autoMerge, review } = this.compiled.settings.thresholds;
    const candidates = this.candidates(key);
    for (const candidate of candidates) {
      if (this.clusters.goldenIdOf(candidate.record.key) === undefined) continue; // staged, placed later
      if (candidate.deterministic) {
        links.push({ recordKey: candidate.record.key, probability: 1, weight: Infinity, rule: this.sharedRule(key, candidate.record.key) });
        continue;
      }
      const { weight, probability } = this.scorer.score(prepared, candidate.record);
      const link = { recordKey: candidate.record.key, probability, weight };
      if (probability >= autoMerge) links.push(link);
      else if (probability >= review) reviews.push(link);
    }
    links.sort((a, b) => b.weight - a.weight || compareKeys(a.recordKey, b.recordKey));

    const events: ClusterEvent[] = [];
    const wasPlaced = this.clusters.goldenIdOf(key) !== undefined;
    if (wasPlaced) events.push({ type: 'updated', goldenId: this.clusters.goldenIdOf(key) ?? '', recordKey: key });
    for (const link of links) {
      const target = this.clusters.goldenIdOf(link.recordKey) ?? '';
      const reason: LinkReason = link.rule ? { kind: 'deterministic', rule: link.rule } : { kind: 'score', probability: link.probability };
      const own = this.clusters.goldenIdOf(key);
      if (own === undefined) {
        if (this.clusters.canJoin(key, target)) events.push(...this.clusters.join(key, target, reason));
      } else if (own !== target && this.clusters.canMerge(own, target)) {
        events.push(...this.clusters.merge(own, target, reason));
      }
    }
    if (this.clusters.goldenIdOf(key) === undefined) events.push(...this.clusters.create(key));
    const goldenId = this.clusters.goldenIdOf(key) ?? '';
    const open = reviews.filter(
      (r) => this.clusters.goldenIdOf(r.recordKey) !== goldenId && this.clusters.canJoin(key, this.clusters.goldenIdOf(r.recordKey) ?? ''),
    );
    const merged = events.some((e) => e.type === 'merged');
    const decision = wasPlaced ? 'updated' : merged ? 'merged' : events.some((e) => e.type === 'joined') ? 'joined' : 'created';
    return {
      recordKey: key,
      goldenId,
      decision,
      links,
      reviews: open.sort((a, b) => b.weight - a.weight),
      events,
      compared: candidates.length,
    };
  }

  private candidates(key: string): ReturnType<CandidateIndex['candidates']> {
    const { blocking, deterministic } = this.held(key);
    return this.index.candidates(blocking, deterministic, key);
  }

  private sharedRule(key: string, otherKey: string): string {
    const mine = new Set(this.held(key).deterministic);
    const shared = this.held(otherKey).deterministic.find((k) => mine.has(k)) ?? '';
    const ruleIndex = Number(shared.slice(1, shared.indexOf('|')));
    return this.compiled.settings.deterministic[ruleIndex]?.name ?? 'deterministic';
  }

  private held(key: string): Held {
    const held = this.records.get(key);
    if (!held) throw new MatchingError('unknown-record', `no record ${key}`);
    return held;
  }

  private prepared(key: string): PreparedRecord {
    const prepared = this.index.get(key);
    if (!prepared) throw new MatchingError('unknown-record', `no record ${key}`);
    return prepared;
  }
}

const NO_LINKS: Omit<ClusterState, 'clusters'> = { aliases: [], cannotLinks: [], mustLinks: [] };

function parseRecord(input: CustomerRecordInput): CustomerRecord {
  const parsed = CustomerRecordSchema.safeParse(input);
  if (!parsed.success)
    throw new MatchingError('invalid-record', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
