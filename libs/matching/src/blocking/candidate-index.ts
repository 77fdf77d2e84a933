import type { PreparedRecord } from '../record/prepared-record';

export interface Candidate {
  readonly record: PreparedRecord;
  /** They share a deterministic key (same tax id, a cross-reference): one customer without scoring. */
  readonly deterministic: boolean;
}

/**
 * One tenant's inverted index from blocking and deterministic keys to records, so a new record is compared
 * with the few records that share a key instead of with all of them. Keys whose block has grown past
 * `maxBlockSize` are skipped at query time: such a value (a placeholder, a huge city) selects nothing.
 */
export class CandidateIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly records: (PreparedRecord | undefined)[] = [];
  private readonly ordinals = new Map<string, number>();
  private seen = new Int32Array(1024);
  private query = 0;

  constructor(private readonly maxBlockSize: number) {}

  get size(): number {
    return this.ordinals.size;
  }

  get keyCount(): number {
    return this.postings.size;
  }

  has(key: string): boolean {
    return this.ordinals.has(key);
  }

  get(key: string): PreparedRecord | undefined {
    const ordinal = this.ordinals.get(key);
    return ordinal === undefined ? undefined : this.records[ordinal];
  }

  add(record: PreparedRecord, keys: readonly string[]): void {
    if (this.ordinals.has(record.key)) throw new Error(`record ${record.key} is already indexed; remove it first`);
    const ordinal = this.records.length;
    this.records.push(record);
    this.ordinals.set(record.key, ordinal);
    for (const key of new Set(keys)) {
      const list = this.postings.get(key);
      if (list) list.push(ordinal);
      else this.postings.set(key, [ordinal]);
    }
  }

  /** Removes a record under the keys it was added with (an update re-adds it with its new keys). */
  remove(recordKey: string, keys: readonly string[]): void {
    const ordinal = this.ordinals.get(recordKey);
    if (ordinal === undefined) return;
    for (const key of new Set(keys)) {
      const list = this.postings.get(key);
      if (!list) continue;
      const at = list.indexOf(ordinal);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.postings.delete(key);
    }
    this.records[ordinal] = undefined;
    this.ordinals.delete(recordKey);
  }

  /** Records sharing at least one key with `blocking` or `deterministic`, each once; never `excludeKey` itself. */
  candidates(blocking: readonly string[], deterministic: readonly string[], excludeKey?: string): Candidate[] {
    this.query += 1;
    if (this.seen.length < this.records.length) {
      const grown = new Int32Array(Math.max(this.records.length, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    const found: Candidate[] = [];
    const collect = (keys: readonly string[], isDeterministic: boolean): void => {
      for (const key of keys) {
        const list = this.postings.get(key);
        if (!list || list.length > this.maxBlockSize) continue;
        for (const ordinal of list) {
          if (this.seen[ordinal] === this.query) continue;
          this.seen[ordinal] = this.query;
          const record = this.records[ordinal];
          if (record && record.key !== excludeKey) found.push({ record, deterministic: isDeterministic });
        }
      }
    };
    // Deterministic keys first, so a record reached by both is marked deterministic.
    collect(deterministic, true);
    collect(blocking, false);
    return found;
  }

  /** Sizes of the blocks, for diagnostics (how selective the keys are). */
  blockSizes(): number[] {
    return [...this.postings.values()].map((list) => list.length);
  }
}
