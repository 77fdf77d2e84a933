import { NOT_HELD, afterRenewal, decideWork, leaseChange, type LeaseView, type RenewalOutcome } from './lease-decision';

const TTL = 15_000;
const held = (epoch: number, heldUntil: number): LeaseView => ({ epoch, heldUntil });

describe('lease decisions', () => {
  it.each<[string, LeaseView, RenewalOutcome, LeaseView]>([
    ['granted: held for one life counted from before the request', NOT_HELD, { kind: 'granted', epoch: 3 }, held(3, 1_000 + TTL)],
    ['renewed: the life starts again', held(3, 2_000), { kind: 'granted', epoch: 3 }, held(3, 1_000 + TTL)],
    ['refused: another replica holds it', held(3, 2_000), { kind: 'refused' }, NOT_HELD],
    ['no answer: the lease runs out on its own', held(3, 2_000), { kind: 'failed' }, held(3, 2_000)],
    ['no answer while not holding: still not held', NOT_HELD, { kind: 'failed' }, NOT_HELD],
    ['no answer after the lease ran out: not held', held(3, 1_000), { kind: 'failed' }, NOT_HELD],
  ])('after a renewal %s', (_case, previous, outcome, expected) => {
    expect(afterRenewal(previous, outcome, 1_000, TTL)).toEqual(expected);
  });

  it.each<[LeaseView, LeaseView, number, ReturnType<typeof leaseChange>]>([
    [NOT_HELD, held(1, 20_000), 1_000, 'acquired'],
    [held(1, 20_000), held(1, 30_000), 1_000, 'kept'],
    [held(1, 2_000), held(2, 30_000), 5_000, 'acquired'],
    [held(1, 20_000), NOT_HELD, 1_000, 'lost'],
    [held(1, 2_000), held(1, 2_000), 2_000, 'lost'],
    [held(1, 2_000), NOT_HELD, 5_000, 'lost'],
    [NOT_HELD, NOT_HELD, 1_000, 'not-held'],
  ])('a change from %j to %j at %d is "%s"', (before, after, now, change) => {
    expect(leaseChange(before, after, now)).toBe(change);
  });

  it.each<[string, ReturnType<typeof decideWork>, LeaseView, number, number | undefined]>([
    ['held and confirmed by the database', 'run', held(4, 10_000), 5_000, 4],
    ['never held', 'not-holder', NOT_HELD, 5_000, undefined],
    ['expired locally (renewals failed)', 'lost', held(4, 10_000), 10_000, 4],
    ['the database knows another epoch for it', 'lost', held(4, 10_000), 5_000, 5],
    ['taken over: the database has nothing for this holder', 'lost', held(4, 10_000), 5_000, undefined],
  ])('work when %s: %s', (_case, decision, view, now, confirmedEpoch) => {
    expect(decideWork(view, now, confirmedEpoch)).toBe(decision);
  });
});
