/**
 * The delivery queue's states and every change a queued command may go through, written down once.
 * The repositories build their `SET state = …` and `WHERE state IN (…)` clauses from this table only, so a change
 * it does not list cannot be written by them; migration 1795401600000's trigger refuses it in the database too.
 */
export const QUEUE_STATES = ['pending', 'in_flight', 'delivered', 'stale', 'dead_lettered'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** Waiting for a try, or being tried by the lane holder: the lane still owns the command. */
export const UNFINISHED_STATES = ['pending', 'in_flight'] as const satisfies readonly QueueState[];
/** Nothing more happens to the command: its outcome goes out through the outbox, then the row is pruned. */
export const FINAL_STATES = ['delivered', 'stale', 'dead_lettered'] as const satisfies readonly QueueState[];
export type FinalState = (typeof FINAL_STATES)[number];

/** A command enters the queue waiting for its first try. */
export const INITIAL_STATE = 'pending' satisfies QueueState;

interface Transition {
  from: readonly QueueState[];
  to: QueueState;
}

/** Each named change, the states it may start from, and the state it ends in. */
export const QUEUE_TRANSITIONS = {
  /**
   * Before the ERP call, so a replica taking the lane over knows the outcome is unknown. From in_flight too: the
   * holder's own command whose try was interrupted (earlier holders' were taken back with `takeOver`).
   */
  start: { from: ['pending', 'in_flight'], to: 'in_flight' },
  /** The try failed and counts (or was throttled): wait for the next try time. */
  retryLater: { from: ['in_flight'], to: 'pending' },
  /** The lane was parked or its breaker opened before the outcome counted: back without a new try time. */
  setAside: { from: ['in_flight'], to: 'pending' },
  /** A new lane holder takes back what the previous one had in flight; it may or may not have reached the ERP. */
  takeOver: { from: ['in_flight'], to: 'pending' },
  /** An operator replays a dead-lettered command (a higher replay count): it starts afresh. */
  replay: { from: ['dead_lettered'], to: 'pending' },
  /** The ERP holds the record (written, found by look-up, or already in the ledger). */
  deliver: { from: ['pending', 'in_flight'], to: 'delivered' },
  /** The attempt found a newer version of the record already delivered. */
  markStale: { from: ['pending', 'in_flight'], to: 'stale' },
  /**
   * A newer version was just delivered: older versions still waiting are never applied after it. Not in_flight:
   * a command being tried right now is settled by its own outcome.
   */
  supersede: { from: ['pending'], to: 'stale' },
  /** Out of tries, or refused for good: a person has to look at it. */
  deadLetter: { from: ['pending', 'in_flight'], to: 'dead_lettered' },
} as const satisfies Record<string, Transition>;
export type QueueTransition = keyof typeof QUEUE_TRANSITIONS;

/** Whether any transition in the table leads from one state to the other. */
export function isAllowedChange(from: QueueState, to: QueueState): boolean {
  return Object.values(QUEUE_TRANSITIONS).some(
    (transition) => transition.to === to && (transition.from as readonly string[]).includes(from),
  );
}

/** Every allowed from → to pair once, in the table's order (what the database trigger accepts). */
export function allowedChanges(): { from: QueueState; to: QueueState }[] {
  const pairs = new Map<string, { from: QueueState; to: QueueState }>();
  for (const transition of Object.values(QUEUE_TRANSITIONS))
    for (const from of transition.from) pairs.set(`${from}>${transition.to}`, { from, to: transition.to });
  return [...pairs.values()];
}

/** `('pending', 'in_flight')`: a SQL list of states. Only ever built from this module's constants, never from input. */
export function sqlStates(states: readonly QueueState[]): string {
  for (const state of states) if (!(QUEUE_STATES as readonly string[]).includes(state)) throw new Error(`not a queue state: ${state}`);
  return `(${states.map((state) => `'${state}'`).join(', ')})`;
}

/**
 * The SQL of one transition: `set` for the SET list and `guard` for the WHERE clause, so the statement changes a
 * row only from a state the table allows. `column` names the state column when it needs a table prefix.
 */
export function transitionSql(transition: QueueTransition, column = 'state'): { set: string; guard: string } {
  const { from, to } = QUEUE_TRANSITIONS[transition];
  return { set: `state = '${to}'`, guard: `${column} IN ${sqlStates(from)}` };
}
