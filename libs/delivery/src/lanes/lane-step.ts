import type { AttemptFailure, AttemptOutcome } from './delivery-attempt.service';
import type { BreakerState } from './lane-breaker';
import { missingReferenceDelayMs, retryDelayMs, type LanePolicy } from './lane-policy';
import { nextRetryAt, selectDispatchable, type QueuedCommand } from './lane-selection';

/** A command is dead-lettered after this many throttled tries: an ERP that never lets it through needs a person. */
export const MAX_THROTTLED_TRIES = 50;

/** What the lane remembers across commands; nextStep answers its next value and the lane stores it as it is. */
export interface LaneCounters {
  /** Throttled answers in a row, whichever command got them: the ERP's limits are per account. */
  consecutiveThrottles: number;
  /** After a throttle the whole lane waits until then, not just the throttled record. */
  pausedUntil: number;
  /** Failures of our own platform (PostgreSQL, the configuration topic) in a row, and the pause they earned. */
  platformFailures: number;
  platformBackoffUntil: number;
}

/** Everything a lane decision reads: the lane's state, never its connections. */
export interface LaneSnapshot {
  /** The lease is gone or the replica shuts down. */
  stopped: boolean;
  /** Shutting down: what is in flight finishes, nothing new starts. */
  draining: boolean;
  parked: boolean;
  /** The circuit breaker's state now. */
  breaker: BreakerState;
  inFlight: number;
  policy: LanePolicy;
  counters: LaneCounters;
}

/** The part of a command that its tries change (and that is written back with a retry). */
export type CommandTries = Pick<QueuedCommand, 'attempts' | 'throttled' | 'needsLookup' | 'firstFailedAt'>;

/** The lane woke up (a new command, a retry time, a free slot, the breaker half-opening): what may start now? */
export interface WakeEvent {
  type: 'wake';
  now: number;
  commands: readonly QueuedCommand[];
}

/** One try of a command reached the ERP and came back with an outcome. */
export interface AttemptAnsweredEvent {
  type: 'attempt-answered';
  now: number;
  command: CommandTries;
  outcome: AttemptOutcome;
  /** The breaker's state before the try (the snapshot holds the state after it). */
  breakerBefore: BreakerState;
}

/** Our own platform failed around a try (claiming the command, reading the configuration): the ERP was not the problem. */
export interface PlatformFailedEvent {
  type: 'platform-failed';
  now: number;
}

export type LaneEvent = WakeEvent | AttemptAnsweredEvent | PlatformFailedEvent;

export type WakeStep =
  /** Stopped, draining or parked: a resume, a new configuration or a new lease wakes the lane again. */
  | { kind: 'idle' }
  /** Paused after throttling or a platform failure: look again then. */
  | { kind: 'wait-until'; at: number }
  /** Open, or half-open with its one probe in flight: the breaker's next state change wakes the lane. */
  | { kind: 'wait-for-breaker' }
  /**
   * Start these commands in this order while call slots and request budget last; `wakeAt` is the next retry
   * time of a command still waiting for one.
   */
  | { kind: 'start'; candidates: QueuedCommand[]; wakeAt: number | undefined };

export type DeliveredOutcome = Extract<AttemptOutcome, { kind: 'delivered' }>;

export type OutcomeStep =
  | { kind: 'finish-delivered'; delivered: DeliveredOutcome; counters: LaneCounters }
  | { kind: 'finish-stale'; detail: string; counters: LaneCounters }
  | { kind: 'dead-letter'; failure: AttemptFailure; tries: CommandTries; counters: LaneCounters }
  /** The credentials are refused: the whole lane waits for new ones; the command goes back to pending untouched. */
  | { kind: 'park'; failure: AttemptFailure; counters: LaneCounters }
  /**
   * Write the command back as pending, to be tried after `delayMs`; `reportRetrying` when this is its first
   * counted failure (the product hears once that the record is being retried, not on every try).
   */
  | {
      kind: 'retry';
      failure: AttemptFailure;
      delayMs: number;
      nextAttemptAt: number;
      tries: CommandTries;
      reportRetrying: boolean;
      counters: LaneCounters;
    };

/** The command waits; the lane pauses until our platform answers again. */
export interface BackOffStep {
  kind: 'back-off';
  counters: LaneCounters;
}

export type LaneStep = WakeStep | OutcomeStep | BackOffStep;

/**
 * Every decision a delivery lane makes, as a function of its state and what just happened. The lane class
 * carries the answer out (PostgreSQL writes, ERP calls, reports, timers) and decides nothing itself, so every
 * rule here is checked by a table in lane-step.spec.ts.
 */
export function nextStep(lane: LaneSnapshot, event: WakeEvent, random?: () => number): WakeStep;
export function nextStep(lane: LaneSnapshot, event: AttemptAnsweredEvent, random?: () => number): OutcomeStep;
export function nextStep(lane: LaneSnapshot, event: PlatformFailedEvent, random?: () => number): BackOffStep;
export function nextStep(lane: LaneSnapshot, event: LaneEvent, random: () => number = Math.random): LaneStep {
  switch (event.type) {
    case 'wake':
      return onWake(lane, event);
    case 'attempt-answered':
      return onAttemptAnswered(lane, event, random);
    case 'platform-failed':
      return { kind: 'back-off', counters: afterPlatformFailure(lane.counters, event.now) };
  }
}

function onWake(lane: LaneSnapshot, { now, commands }: WakeEvent): WakeStep {
  if (lane.stopped || lane.draining || lane.parked) return { kind: 'idle' };
  const blockedUntil = Math.max(lane.counters.pausedUntil, lane.counters.platformBackoffUntil);
  if (now < blockedUntil) return { kind: 'wait-until', at: blockedUntil };
  // Closed: send freely; half-open: one probe at a time, whose outcome closes or re-opens the circuit.
  const probing = lane.breaker === 'half_open';
  if (lane.breaker === 'open' || (probing && lane.inFlight > 0)) return { kind: 'wait-for-breaker' };
  const limit = (probing ? 1 : lane.policy.maxConcurrency) - lane.inFlight;
  return { kind: 'start', candidates: selectDispatchable(commands, now, limit), wakeAt: nextRetryAt(commands, now) };
}

function onAttemptAnswered(lane: LaneSnapshot, event: AttemptAnsweredEvent, random: () => number): OutcomeStep {
  const { outcome, now, breakerBefore } = event;
  // The try itself worked (whatever the ERP said): our platform is answering again.
  const counters: LaneCounters = { ...lane.counters, platformFailures: 0 };
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'finish-delivered', delivered: outcome, counters: { ...counters, consecutiveThrottles: 0 } };
    case 'stale':
      return { kind: 'finish-stale', detail: outcome.detail, counters };
    case 'dead_letter':
      return { kind: 'dead-letter', failure: outcome.failure, tries: { ...event.command }, counters };
    case 'park':
      return { kind: 'park', failure: outcome.failure, counters };
    case 'throttled': {
      const consecutiveThrottles = counters.consecutiveThrottles + 1;
      const tries = { ...event.command, throttled: event.command.throttled + 1 };
      const delayMs = retryDelayMs(lane.policy, consecutiveThrottles, outcome.retryAfterMs, random);
      const paused = { ...counters, consecutiveThrottles, pausedUntil: now + delayMs };
      if (tries.throttled >= MAX_THROTTLED_TRIES) {
        const failure = { ...outcome.failure, message: `throttled ${tries.throttled} times: ${outcome.failure.message}` };
        return { kind: 'dead-letter', failure, tries, counters: paused };
      }
      return retry(outcome.failure, delayMs, tries, false, paused, now);
    }
    case 'await_reference': {
      // Not the ERP's failure nor the record's: what it refers to has not arrived yet. Tries are bounded by time
      // (from the command's first failure), not by maxAttempts; the product hears once that it is being retried.
      const firstFailedAt = event.command.firstFailedAt ?? now;
      const waitedMs = now - firstFailedAt;
      const tries = { ...event.command, firstFailedAt };
      const windowMs = lane.policy.missingReferenceWindowMs;
      if (waitedMs >= windowMs) {
        const failure = {
          ...outcome.failure,
          message: `${outcome.failure.message}; the referenced record did not arrive within ${Math.round(windowMs / 1000)} s`,
        };
        return { kind: 'dead-letter', failure, tries, counters };
      }
      return retry(
        outcome.failure,
        missingReferenceDelayMs(lane.policy, waitedMs),
        tries,
        event.command.firstFailedAt === null,
        counters,
        now,
      );
    }
    case 'retry': {
      // Failures while the ERP as a whole is failing (circuit not closed before or after) are the ERP's, not
      // the record's: they do not use up its attempts, so a long outage never dead-letters healthy records.
      const counts = breakerBefore === 'closed' && lane.breaker === 'closed';
      const tries = {
        ...event.command,
        attempts: event.command.attempts + (counts ? 1 : 0),
        needsLookup: event.command.needsLookup || outcome.ambiguous,
      };
      if (tries.attempts >= lane.policy.maxAttempts) {
        const failure = { ...outcome.failure, message: `${outcome.failure.message} (after ${tries.attempts} tries)` };
        return { kind: 'dead-letter', failure, tries, counters };
      }
      const delayMs = counts ? retryDelayMs(lane.policy, tries.attempts, outcome.retryAfterMs, random) : (outcome.retryAfterMs ?? 0);
      return retry(outcome.failure, delayMs, tries, counts && tries.attempts === 1, counters, now);
    }
  }
}

function retry(
  failure: AttemptFailure,
  delayMs: number,
  tries: CommandTries,
  reportRetrying: boolean,
  counters: LaneCounters,
  now: number,
): OutcomeStep {
  return {
    kind: 'retry',
    failure,
    delayMs,
    nextAttemptAt: now + delayMs,
    tries: { ...tries, firstFailedAt: tries.firstFailedAt ?? now },
    reportRetrying,
    counters,
  };
}

/** Backs off exponentially from 500 ms up to 10 s while our own platform keeps failing. */
function afterPlatformFailure(counters: LaneCounters, now: number): LaneCounters {
  const platformFailures = counters.platformFailures + 1;
  return { ...counters, platformFailures, platformBackoffUntil: now + Math.min(10_000, 250 * 2 ** Math.min(platformFailures, 6)) };
}

/**
 * Whether a configuration version lets a lane parked on refused credentials try again: any version newer than
 * the one it was parked under (new credentials may be in it), or any at all when that version is unknown.
 */
export function configurationLiftsPark(parkedConfigVersion: number | null, version: number): boolean {
  return parkedConfigVersion === null || version > parkedConfigVersion;
}
