/**
 * What a replica knows about a named lease: the fencing epoch it was granted (0 when it holds none) and the
 * local time until which it may act on it. heldUntil is counted from before the renewal was sent, so the local
 * view always ends no later than the database's expires_at, and the holder stops before another replica may
 * take over.
 */
export interface LeaseView {
  epoch: number;
  heldUntil: number;
}

export const NOT_HELD: LeaseView = { epoch: 0, heldUntil: 0 };

/** The database's answer to "take or renew": granted with the epoch to fence with, refused, or no answer. */
export type RenewalOutcome = { kind: 'granted'; epoch: number } | { kind: 'refused' } | { kind: 'failed' };

/**
 * The view after a renewal that started at `startedAt`. A failed renewal changes nothing while the lease lasts:
 * it runs out on its own at heldUntil, which is as long as the database keeps it for us.
 */
export function afterRenewal(previous: LeaseView, outcome: RenewalOutcome, startedAt: number, ttlMs: number): LeaseView {
  switch (outcome.kind) {
    case 'granted':
      return { epoch: outcome.epoch, heldUntil: startedAt + ttlMs };
    case 'refused':
      return NOT_HELD;
    case 'failed':
      return isHeld(previous, startedAt) ? previous : NOT_HELD;
  }
}

export function isHeld(view: LeaseView, now: number): boolean {
  return view.epoch > 0 && now < view.heldUntil;
}

/**
 * For logs: how a renewal changed what this replica holds. It had the lease if it was granted one (even if it ran
 * out since), so a lease that expired between renewals is reported lost once.
 */
export function leaseChange(before: LeaseView, after: LeaseView, now: number): 'acquired' | 'lost' | 'kept' | 'not-held' {
  const was = before.epoch > 0;
  const is = isHeld(after, now);
  if (is) return was && before.epoch === after.epoch ? 'kept' : 'acquired';
  return was ? 'lost' : 'not-held';
}

/**
 * Whether singleton work may start (or continue) now. `confirmedEpoch` is what the database says this holder
 * holds at this moment (undefined: nothing): work runs only when the local view is current and the database
 * agrees on the epoch, so a replica that lost the lease (expired while it was paused, taken over by another)
 * stops before doing work instead of after.
 */
export function decideWork(view: LeaseView, now: number, confirmedEpoch: number | undefined): 'run' | 'not-holder' | 'lost' {
  if (view.epoch === 0) return 'not-holder';
  if (!isHeld(view, now)) return 'lost';
  return confirmedEpoch === view.epoch ? 'run' : 'lost';
}
