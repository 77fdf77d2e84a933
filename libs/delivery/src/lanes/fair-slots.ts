/**
 * The ERP calls one replica makes at once, shared between its lanes (tenant × connection) in turn: a lane
 * that finds no free slot queues once, and each freed slot goes to the lane that has waited longest, so a
 * tenant with a deep backlog cannot crowd out a tenant that has one record to send.
 */
export class FairSlots {
  private inUse = 0;
  private readonly waiting: string[] = [];
  private readonly wakers = new Map<string, () => void>();
  private readonly reserved = new Map<string, number>();

  constructor(readonly capacity: number) {}

  /** Takes a slot for `lane`, or queues the lane (calling `wake` when a slot is set aside for it) and answers false. */
  tryAcquire(lane: string, wake: () => void): boolean {
    const reservedForLane = this.reserved.get(lane) ?? 0;
    if (reservedForLane > 0) {
      if (reservedForLane === 1) this.reserved.delete(lane);
      else this.reserved.set(lane, reservedForLane - 1);
      this.inUse += 1;
      return true;
    }
    if (this.inUse + this.reservedCount() < this.capacity && this.waiting.length === 0) {
      this.inUse += 1;
      return true;
    }
    if (!this.wakers.has(lane)) this.waiting.push(lane);
    this.wakers.set(lane, wake);
    return false;
  }

  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      this.inUse = Math.max(0, this.inUse - 1);
      return;
    }
    // The slot passes straight to the longest-waiting lane; it stays counted as in use.
    this.reserved.set(next, (this.reserved.get(next) ?? 0) + 1);
    this.inUse -= 1;
    const wake = this.wakers.get(next);
    this.wakers.delete(next);
    wake?.();
  }

  /**
   * Passes on the slots set aside for `lane` that it did not take when woken (it was paused, its circuit was
   * open, or it had nothing due): a slot held for a lane that cannot send would be lost to every lane.
   */
  returnUnused(lane: string): void {
    const reservedForLane = this.reserved.get(lane) ?? 0;
    this.reserved.delete(lane);
    for (let i = 0; i < reservedForLane; i += 1) {
      this.inUse += 1;
      this.release();
    }
  }

  /** A lane that stops (lost its lease, shut down) leaves the queue and gives back what was set aside for it. */
  forget(lane: string): void {
    const index = this.waiting.indexOf(lane);
    if (index >= 0) this.waiting.splice(index, 1);
    this.wakers.delete(lane);
    this.returnUnused(lane);
  }

  /** Lanes queued for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  get used(): number {
    return this.inUse + this.reservedCount();
  }

  private reservedCount(): number {
    let total = 0;
    for (const count of this.reserved.values()) total += count;
    return total;
  }
}
