import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Catch-ups of the key view on behalf of requests that carry a key it does not know. However many such
 * requests arrive (one client retrying, or someone sending made-up keys), the broker sees at most one catch-up
 * at a time, started at least minIntervalMs after the previous one. A caller waits for a catch-up that starts
 * after it asked, because one already running may have read the topic's end offsets before the caller's key
 * was published; everyone who asks while one runs shares the next. Resolves to whether the view caught up.
 */
export class SharedCatchUp {
  private current: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly catchUp: () => Promise<boolean>,
    private readonly minIntervalMs: number,
  ) {}

  request(): Promise<boolean> {
    if (this.queued) return this.queued;
    if (!this.current) return (this.current = this.launch());
    const queued = this.current.then(() => {
      this.queued = undefined;
      return (this.current = this.launch());
    });
    this.queued = queued;
    return queued;
  }

  private launch(): Promise<boolean> {
    const run = (async () => {
      const wait = this.lastStartedAt + this.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastStartedAt = Date.now();
      // A broker that does not answer leaves the key unknown (401); the caller may retry.
      return this.catchUp().catch(() => false);
    })();
    const tracked: Promise<boolean> = run.finally(() => {
      if (this.current === tracked) this.current = undefined;
    });
    return tracked;
  }
}

/** Key ids a completed catch-up did not find, remembered for a while so repeating them costs nothing. */
export class MissMemory {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
  ) {}

  remember(keyId: string): void {
    this.expiries.delete(keyId);
    if (this.expiries.size >= this.capacity) {
      const oldest = this.expiries.keys().next().value;
      if (oldest !== undefined) this.expiries.delete(oldest);
    }
    this.expiries.set(keyId, Date.now() + this.ttlMs);
  }

  has(keyId: string): boolean {
    const expiry = this.expiries.get(keyId);
    if (expiry === undefined) return false;
    if (expiry > Date.now()) return true;
    this.expiries.delete(keyId);
    return false;
  }
}
