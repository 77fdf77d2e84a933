/** What the ledger holds for one (tenant, idempotency key), with the database's clock at the time it was read. */
export interface IdempotencyEntry {
  requestHash: string;
  state: 'in-progress' | 'completed';
  /** The stored answer, once completed. */
  response?: { status: number; body: unknown };
  claimedAt: Date;
  expiresAt: Date;
  /** The database's now() when the entry was read: every replica judges expiry by the same clock. */
  readAt: Date;
}

/**
 * What to do with a request carrying an idempotency key:
 * - `new`: no entry; claim the key and run the request;
 * - `expired`: the entry outlived its window; claim the key afresh and run the request;
 * - `abandoned`: the entry is still in progress long after any request could have finished (its replica died);
 *   claim it afresh. A second publication is then harmless: event ids de-duplicate it in the ledger;
 * - `replay`: the same body was answered before; answer the same again, publish nothing;
 * - `conflict`: the key was used with another body (422);
 * - `in-progress`: the same key is being answered right now by another request (409).
 */
export type IdempotencyDecision = 'new' | 'expired' | 'abandoned' | 'replay' | 'conflict' | 'in-progress';

export function decideIdempotency(entry: IdempotencyEntry | undefined, requestHash: string, inFlightLimitMs: number): IdempotencyDecision {
  if (!entry) return 'new';
  const now = entry.readAt.getTime();
  if (entry.expiresAt.getTime() <= now) return 'expired';
  if (entry.state === 'in-progress') return entry.claimedAt.getTime() + inFlightLimitMs <= now ? 'abandoned' : 'in-progress';
  return entry.requestHash === requestHash ? 'replay' : 'conflict';
}

/** Whether a decision lets this request claim the key and run. */
export function mayClaim(decision: IdempotencyDecision): decision is 'new' | 'expired' | 'abandoned' {
  return decision === 'new' || decision === 'expired' || decision === 'abandoned';
}
