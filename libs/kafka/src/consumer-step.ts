import type { FailureClass } from './processing.error';

/**
 * The decisions of a TopicConsumer, kept apart from polling and I/O so each rule is checked by a table in
 * consumer-step.spec.ts: what to do when a handler fails, when a transaction chunk commits, and when the
 * transactional producer must be replaced.
 */

/** Largest chunk of messages committed in one Kafka transaction, and the longest a chunk stays open. */
export const TRANSACTION_MAX_MESSAGES = 100;
export const TRANSACTION_MAX_MS = 1000;

export interface HandlerFailure {
  failureClass: FailureClass;
  /** 1 for the first delivery to the handler. */
  attempt: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  /** The failure's own "not before" (e.g. an ERP's Retry-After). */
  retryAfterMs: number | undefined;
  /** Whether the consumer has a dead-letter topic to park the message on. */
  canDeadLetter: boolean;
  /** The consumer is leaving the group. */
  stopping: boolean;
}

export type FailureStep =
  /** Hand the message to the handler again after `delayMs` (the partition waits). */
  | { kind: 'retry'; delayMs: number }
  /** Park the message on the dead-letter topic with its reason, then go on with the next one. */
  | { kind: 'dead-letter' }
  /** Leave the offset uncommitted: the message is read again (once the platform is back, or by the next member). */
  | { kind: 'do-not-commit'; why: 'infrastructure' | 'no-dead-letter-topic' | 'stopping' };

/**
 * What a handler failure leads to. Our own platform failing is never the message's fault, so it is not
 * committed rather than dead-lettered (an outage must not turn into a flood of dead letters); a retryable
 * failure is tried again with jittered exponential backoff until maxAttempts; the rest is dead-lettered.
 */
export function onHandlerFailure(failure: HandlerFailure, random: () => number = Math.random): FailureStep {
  if (failure.failureClass === 'infrastructure') return { kind: 'do-not-commit', why: 'infrastructure' };
  if (!failure.canDeadLetter) return { kind: 'do-not-commit', why: 'no-dead-letter-topic' };
  if (failure.stopping) return { kind: 'do-not-commit', why: 'stopping' };
  if (failure.failureClass === 'retryable' && failure.attempt < failure.maxAttempts) {
    const backoff = failure.retryBaseDelayMs * 2 ** (failure.attempt - 1) * (0.8 + random() * 0.4);
    return { kind: 'retry', delayMs: Math.max(failure.retryAfterMs ?? 0, backoff) };
  }
  return { kind: 'dead-letter' };
}

/** Whether the open transaction chunk commits now, after a message was added to it. */
export function chunkIsDue(chunk: { messages: number; openedAt: number }, now: number): boolean {
  return chunk.messages >= TRANSACTION_MAX_MESSAGES || now - chunk.openedAt >= TRANSACTION_MAX_MS;
}

/** Where in a transaction chunk a failure happened. */
export type TransactionPhase = 'begin' | 'handle' | 'send-offsets' | 'commit' | 'abort' | 'after-commit';

/** Broker answers after which this producer id and epoch can never write again: it must initialise anew. */
const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

/**
 * Whether the transactional producer can no longer begin transactions after `error` in `phase`, so it must be
 * thrown away and created again under the same transactional id (whose initialisation aborts whatever the
 * old one left open on the broker):
 * - a failed commit or abort (the coordinator moving or away while Kafka restarts): kafkajs has already
 *   moved its transaction state to COMMITTING / ABORTING and has no way back to READY, so every later
 *   transaction fails with "Cannot call beginTransaction";
 * - a producer already in that state, whichever step noticed it;
 * - a fenced producer: a newer producer with our transactional id, or the broker expiring a transaction that
 *   stayed open past its timeout, bumped the epoch.
 * Anything else (a handler failing, a send failing) leaves the producer usable once the chunk is aborted.
 */
export function producerUnusableAfter(phase: TransactionPhase, error: unknown): boolean {
  if (phase === 'commit' || phase === 'abort') return true;
  return causes(error).some(
    ({ message, type }) =>
      (typeof message === 'string' && message.startsWith('Transaction state exception')) ||
      (typeof type === 'string' && FENCED_TYPES.has(type)),
  );
}

/** The error and its causes (ProcessingError and kafkajs' retry errors keep the original as `cause`). */
function causes(error: unknown): { message?: unknown; type?: unknown }[] {
  const chain: { message?: unknown; type?: unknown; cause?: unknown }[] = [];
  for (let at: unknown = error; typeof at === 'object' && at !== null && chain.length < 10;) {
    const link = at as { message?: unknown; type?: unknown; cause?: unknown };
    chain.push(link);
    at = link.cause;
  }
  return chain;
}
