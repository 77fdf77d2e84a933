import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import {
  TRANSACTION_MAX_MESSAGES,
  TRANSACTION_MAX_MS,
  chunkIsDue,
  onHandlerFailure,
  producerUnusableAfter,
  type FailureStep,
  type HandlerFailure,
  type TransactionPhase,
} from './consumer-step';
import { infrastructure, retryable } from './processing.error';

const failure = (overrides: Partial<HandlerFailure>): HandlerFailure => ({
  failureClass: 'retryable',
  attempt: 1,
  maxAttempts: 3,
  retryBaseDelayMs: 200,
  retryAfterMs: undefined,
  canDeadLetter: true,
  stopping: false,
  ...overrides,
});
/** Jitter in the middle of its ±20 %: the delay is the plain exponential step. */
const midJitter = () => 0.5;

describe('onHandlerFailure', () => {
  it.each<[string, Partial<HandlerFailure>, FailureStep]>([
    ['retries a first retryable failure after the base delay', {}, { kind: 'retry', delayMs: 200 }],
    ['doubles the delay with every retry', { attempt: 2 }, { kind: 'retry', delayMs: 400 }],
    ['waits at least as long as the failure asks', { retryAfterMs: 5000 }, { kind: 'retry', delayMs: 5000 }],
    ['dead-letters a retryable failure on its last attempt', { attempt: 3 }, { kind: 'dead-letter' }],
    ['dead-letters a permanent failure at once', { failureClass: 'permanent' }, { kind: 'dead-letter' }],
    ['does not commit when our own platform failed', { failureClass: 'infrastructure' }, { kind: 'do-not-commit', why: 'infrastructure' }],
    [
      'does not commit an infrastructure failure even on the last attempt',
      { failureClass: 'infrastructure', attempt: 3 },
      { kind: 'do-not-commit', why: 'infrastructure' },
    ],
    [
      'does not commit without a dead-letter topic, even a permanent failure',
      { failureClass: 'permanent', canDeadLetter: false },
      { kind: 'do-not-commit', why: 'no-dead-letter-topic' },
    ],
    [
      'does not commit without a dead-letter topic instead of retrying',
      { canDeadLetter: false },
      { kind: 'do-not-commit', why: 'no-dead-letter-topic' },
    ],
    ['does not commit while leaving the group: the next member retries', { stopping: true }, { kind: 'do-not-commit', why: 'stopping' }],
  ])('%s', (_case, overrides, expected) => {
    expect(onHandlerFailure(failure(overrides), midJitter)).toEqual(expected);
  });

  it('spreads retries by ±20 % around the exponential step', () => {
    const delayWith = (random: number) => {
      const step = onHandlerFailure(failure({}), () => random);
      return step.kind === 'retry' ? step.delayMs : undefined;
    };
    expect(delayWith(0)).toBeCloseTo(160);
    expect(delayWith(1)).toBeCloseTo(240);
  });
});

describe('chunkIsDue', () => {
  it.each<[string, number, number, boolean]>([
    ['keeps a small young chunk open', 1, 0, false],
    ['keeps a chunk open just below both limits', TRANSACTION_MAX_MESSAGES - 1, TRANSACTION_MAX_MS - 1, false],
    ['commits a chunk that reached the message limit', TRANSACTION_MAX_MESSAGES, 0, true],
    ['commits a chunk open for the longest allowed time', 1, TRANSACTION_MAX_MS, true],
  ])('%s', (_case, messages, age, due) => {
    expect(chunkIsDue({ messages, openedAt: 10_000 }, 10_000 + age)).toBe(due);
  });
});

// kafkajs builds these from the broker's error entry ({ type, code, retriable, message }).
const protocolError = (type: string, code: number, retriable: boolean) =>
  new KafkaJSProtocolError({ type, code, retriable, message: type } as unknown as Error);
const coordinatorAway = protocolError('COORDINATOR_NOT_AVAILABLE', 15, true);
const fenced = protocolError('INVALID_PRODUCER_EPOCH', 47, false);
const stuck = new KafkaJSNonRetriableError('Transaction state exception: Cannot call "beginTransaction" in state "COMMITTING"');

describe('producerUnusableAfter', () => {
  it.each<[string, TransactionPhase, unknown, boolean]>([
    ['replaces the producer after a commit the coordinator did not answer', 'commit', coordinatorAway, true],
    [
      'replaces the producer after a commit that ran out of retries',
      'commit',
      new KafkaJSNumberOfRetriesExceeded(coordinatorAway, { retryCount: 5, retryTime: 100 }),
      true,
    ],
    ['replaces the producer after an abort that failed', 'abort', coordinatorAway, true],
    ['replaces a producer already stuck in COMMITTING, whoever notices', 'begin', stuck, true],
    ['replaces a fenced producer when sending the offsets', 'send-offsets', fenced, true],
    [
      'replaces a producer fenced under a handler’s send (wrapped as infrastructure)',
      'handle',
      infrastructure('KAFKA_PRODUCE_FAILED', 'x', fenced),
      true,
    ],
    ['replaces a producer the broker answers PRODUCER_FENCED', 'send-offsets', protocolError('PRODUCER_FENCED', 90, false), true],
    ['keeps the producer when a handler failed', 'handle', retryable('ERP_DOWN', 'ERP unavailable'), false],
    [
      'keeps the producer when its send failed with the coordinator away',
      'handle',
      infrastructure('KAFKA_PRODUCE_FAILED', 'x', coordinatorAway),
      false,
    ],
    ['keeps the producer when the offsets could not be sent (the chunk is aborted)', 'send-offsets', coordinatorAway, false],
    ['keeps the producer when a transaction could not begin (nothing changed state)', 'begin', coordinatorAway, false],
    ['keeps the producer when the heartbeat after a commit failed', 'after-commit', new Error('rebalancing'), false],
    ['keeps the producer for a non-error thrown value', 'handle', 'boom', false],
  ])('%s', (_case, phase, error, unusable) => {
    expect(producerUnusableAfter(phase, error)).toBe(unusable);
  });
});
