import {
  FINAL_STATES,
  QUEUE_STATES,
  QUEUE_TRANSITIONS,
  UNFINISHED_STATES,
  allowedChanges,
  isAllowedChange,
  sqlStates,
  transitionSql,
  type QueueState,
} from './queue-states';

// Every from → to pair of the five states: one row each, allowed or refused.
const PAIRS: [QueueState, QueueState, 'allowed' | 'refused'][] = [
  ['pending', 'pending', 'refused'],
  ['pending', 'in_flight', 'allowed'],
  ['pending', 'delivered', 'allowed'],
  ['pending', 'stale', 'allowed'],
  ['pending', 'dead_lettered', 'allowed'],
  ['in_flight', 'pending', 'allowed'],
  ['in_flight', 'in_flight', 'allowed'],
  ['in_flight', 'delivered', 'allowed'],
  ['in_flight', 'stale', 'allowed'],
  ['in_flight', 'dead_lettered', 'allowed'],
  ['delivered', 'pending', 'refused'],
  ['delivered', 'in_flight', 'refused'],
  ['delivered', 'delivered', 'refused'],
  ['delivered', 'stale', 'refused'],
  ['delivered', 'dead_lettered', 'refused'],
  ['stale', 'pending', 'refused'],
  ['stale', 'in_flight', 'refused'],
  ['stale', 'delivered', 'refused'],
  ['stale', 'stale', 'refused'],
  ['stale', 'dead_lettered', 'refused'],
  ['dead_lettered', 'pending', 'allowed'],
  ['dead_lettered', 'in_flight', 'refused'],
  ['dead_lettered', 'delivered', 'refused'],
  ['dead_lettered', 'stale', 'refused'],
  ['dead_lettered', 'dead_lettered', 'refused'],
];

describe('delivery queue states', () => {
  it.each(PAIRS)('%s → %s is %s', (from, to, expected) => {
    expect(isAllowedChange(from, to)).toBe(expected === 'allowed');
  });

  it('has a row above for every pair of states, and lists exactly the allowed ones as allowed changes', () => {
    expect(new Set(PAIRS.map(([from, to]) => `${from} → ${to}`)).size).toBe(QUEUE_STATES.length ** 2);
    const allowed = PAIRS.filter(([, , expected]) => expected === 'allowed').map(([from, to]) => `${from} → ${to}`);
    expect(
      allowedChanges()
        .map(({ from, to }) => `${from} → ${to}`)
        .sort(),
    ).toEqual(allowed.sort());
  });

  // Each named transition: the states its statement may change, and the state it writes.
  it.each<[keyof typeof QUEUE_TRANSITIONS, string, string]>([
    ['start', "state IN ('pending', 'in_flight')", "state = 'in_flight'"],
    ['retryLater', "state IN ('in_flight')", "state = 'pending'"],
    ['setAside', "state IN ('in_flight')", "state = 'pending'"],
    ['takeOver', "state IN ('in_flight')", "state = 'pending'"],
    ['replay', "state IN ('dead_lettered')", "state = 'pending'"],
    ['deliver', "state IN ('pending', 'in_flight')", "state = 'delivered'"],
    ['markStale', "state IN ('pending', 'in_flight')", "state = 'stale'"],
    ['supersede', "state IN ('pending')", "state = 'stale'"],
    ['deadLetter', "state IN ('pending', 'in_flight')", "state = 'dead_lettered'"],
  ])('%s changes only rows where %s, to %s', (transition, guard, set) => {
    expect(transitionSql(transition)).toEqual({ guard, set });
  });

  it('never leaves a final state except by replaying a dead-lettered command', () => {
    for (const transition of Object.values(QUEUE_TRANSITIONS)) {
      const fromFinal = transition.from.filter((state) => (FINAL_STATES as readonly string[]).includes(state));
      expect(fromFinal.length === 0 || (fromFinal.join() === 'dead_lettered' && transition.to === 'pending')).toBe(true);
    }
  });

  it('splits the states into unfinished and final ones', () => {
    expect([...UNFINISHED_STATES, ...FINAL_STATES].sort()).toEqual([...QUEUE_STATES].sort());
  });

  it('prefixes the state column when asked, and refuses to quote anything but a state', () => {
    expect(transitionSql('replay', 'delivery_queue.state').guard).toBe("delivery_queue.state IN ('dead_lettered')");
    expect(() => sqlStates(["pending'); DROP TABLE delivery_queue; --" as QueueState])).toThrow('not a queue state');
  });
});
