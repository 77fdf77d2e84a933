import type { DeliveryCommand } from '@ferry/contracts';
import type { AttemptOutcome } from './delivery-attempt.service';
import { lanePolicy } from './lane-policy';
import type { QueuedCommand } from './lane-selection';
import {
  MAX_THROTTLED_TRIES,
  configurationLiftsPark,
  nextStep,
  type CommandTries,
  type LaneCounters,
  type LaneSnapshot,
} from './lane-step';

const NOW = 1_000_000;
const policy = lanePolicy(null, {
  maxAttempts: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 1000,
  missingReferenceWindowMs: 10_000,
  maxConcurrency: 2,
  breakerFailureThresholdPercent: 50,
  breakerVolumeThreshold: 10,
  breakerResetTimeoutMs: 30_000,
});
const counters: LaneCounters = { consecutiveThrottles: 0, pausedUntil: 0, platformFailures: 0, platformBackoffUntil: 0 };
const lane = (overrides: Partial<LaneSnapshot> = {}, counterOverrides: Partial<LaneCounters> = {}): LaneSnapshot => ({
  stopped: false,
  draining: false,
  parked: false,
  breaker: 'closed',
  inFlight: 0,
  policy,
  ...overrides,
  counters: { ...counters, ...counterOverrides },
});
/** Jitter at its top: every delay is the full exponential step. */
const noJitter = () => 1;

let nextId = 1n;
function queued(externalId: string, overrides: Partial<QueuedCommand> = {}): QueuedCommand {
  const id = nextId++;
  return {
    id,
    commandId: `c${id}`,
    eventId: `e${id}`,
    entityType: 'customer',
    entityVersion: 1,
    recordType: 'customer',
    externalId,
    state: 'pending',
    attempts: 0,
    throttled: 0,
    needsLookup: false,
    nextAttemptAt: 0,
    firstFailedAt: null,
    acceptedAt: 0,
    ...overrides,
  };
}
const externalIds = (commands: QueuedCommand[]) => commands.map((command) => command.externalId);

describe('nextStep when the lane wakes', () => {
  const due = [queued('a'), queued('b'), queued('c'), queued('later', { nextAttemptAt: NOW + 5000 })];

  it.each<[string, LaneSnapshot, string[] | string]>([
    ['starts due commands up to the concurrency, in arrival order', lane(), ['a', 'b']],
    ['starts only what the concurrency leaves free beside commands in flight', lane({ inFlight: 1 }), ['a']],
    ['starts nothing more when the concurrency is used up', lane({ inFlight: 2 }), []],
    ['sends one probe when the breaker is half-open', lane({ breaker: 'half_open' }), ['a']],
    ['waits for the breaker while its half-open probe is in flight', lane({ breaker: 'half_open', inFlight: 1 }), 'wait-for-breaker'],
    ['waits for the breaker while it is open', lane({ breaker: 'open' }), 'wait-for-breaker'],
    ['starts nothing while parked', lane({ parked: true }), 'idle'],
    ['starts nothing while draining', lane({ draining: true }), 'idle'],
    ['starts nothing once stopped', lane({ stopped: true }), 'idle'],
    ['waits out a throttling pause', lane({}, { pausedUntil: NOW + 700 }), 'wait-until 1000700'],
    ['waits out a platform back-off', lane({}, { platformBackoffUntil: NOW + 900 }), 'wait-until 1000900'],
    [
      'waits for the later of a pause and a back-off',
      lane({}, { pausedUntil: NOW + 700, platformBackoffUntil: NOW + 300 }),
      'wait-until 1000700',
    ],
    ['starts again once a pause is over', lane({}, { pausedUntil: NOW }), ['a', 'b']],
  ])('%s', (_case, snapshot, expected) => {
    const step = nextStep(snapshot, { type: 'wake', now: NOW, commands: due });
    const answer = step.kind === 'start' ? externalIds(step.candidates) : step.kind === 'wait-until' ? `wait-until ${step.at}` : step.kind;
    expect(answer).toEqual(expected);
    if (step.kind === 'start') expect(step.wakeAt).toBe(NOW + 5000);
  });
});

const failure = { errorClass: 'retryable', errorCode: 'HTTP_503', message: 'ERP unavailable' };
const missingReference = {
  errorClass: 'missing_reference',
  errorCode: 'INVALID_VALUE',
  message:
    'NetSuite upsert failed: 400 INVALID_VALUE at entity: … (entity refers to external id ferry-cust-1, which NetSuite does not hold (yet))',
};
const delivered = {
  kind: 'delivered',
  erpRecordId: 'erp-1',
  contentHash: 'h',
  confirmedBy: 'write',
  command: {} as DeliveryCommand,
} as const satisfies AttemptOutcome;
const tries = (overrides: Partial<CommandTries> = {}): CommandTries => ({
  attempts: 0,
  throttled: 0,
  needsLookup: false,
  firstFailedAt: null,
  ...overrides,
});

describe('nextStep when a try comes back', () => {
  it.each<[string, LaneSnapshot, CommandTries, 'closed' | 'open' | 'half_open', AttemptOutcome, object]>([
    [
      'finishes a delivered command and ends a run of throttles',
      lane({}, { consecutiveThrottles: 4, platformFailures: 2 }),
      tries(),
      'closed',
      delivered,
      { kind: 'finish-delivered', delivered, counters: { ...counters, consecutiveThrottles: 0, platformFailures: 0 } },
    ],
    [
      'finishes a superseded command as stale, keeping the run of throttles',
      lane({}, { consecutiveThrottles: 4 }),
      tries(),
      'closed',
      { kind: 'stale', detail: 'newer version delivered' },
      { kind: 'finish-stale', detail: 'newer version delivered', counters: { ...counters, consecutiveThrottles: 4 } },
    ],
    [
      'dead-letters a command the ERP refuses as it stands',
      lane(),
      tries({ attempts: 1 }),
      'closed',
      { kind: 'dead_letter', failure: { ...failure, errorClass: 'validation' } },
      { kind: 'dead-letter', failure: { ...failure, errorClass: 'validation' }, tries: tries({ attempts: 1 }) },
    ],
    ['parks the lane when the credentials are refused', lane(), tries(), 'closed', { kind: 'park', failure }, { kind: 'park', failure }],
    [
      'retries a first ERP failure after the base delay, counting it and telling the product once',
      lane(),
      tries(),
      'closed',
      { kind: 'retry', failure, ambiguous: false },
      { kind: 'retry', delayMs: 100, nextAttemptAt: NOW + 100, tries: tries({ attempts: 1, firstFailedAt: NOW }), reportRetrying: true },
    ],
    [
      'backs off exponentially on a later failure, keeping when it first failed, without telling the product again',
      lane(),
      tries({ attempts: 1, firstFailedAt: 5 }),
      'closed',
      { kind: 'retry', failure, ambiguous: false },
      { kind: 'retry', delayMs: 200, tries: tries({ attempts: 2, firstFailedAt: 5 }), reportRetrying: false },
    ],
    [
      'never retries before the ERP says it may',
      lane(),
      tries(),
      'closed',
      { kind: 'retry', failure, ambiguous: false, retryAfterMs: 7000 },
      { kind: 'retry', delayMs: 7000, tries: tries({ attempts: 1, firstFailedAt: NOW }) },
    ],
    [
      'remembers that an ambiguous try may have been applied, so the next one looks the record up first',
      lane(),
      tries(),
      'closed',
      { kind: 'retry', failure, ambiguous: true },
      { kind: 'retry', tries: tries({ attempts: 1, needsLookup: true, firstFailedAt: NOW }) },
    ],
    [
      'does not count a failure that opened the circuit: the outage is the ERP’s, not the record’s',
      lane({ breaker: 'open' }),
      tries({ attempts: 2 }),
      'closed',
      { kind: 'retry', failure, ambiguous: false },
      { kind: 'retry', delayMs: 0, tries: tries({ attempts: 2, firstFailedAt: NOW }), reportRetrying: false },
    ],
    [
      'does not count a failed half-open probe, and retries it when the ERP says',
      lane({ breaker: 'open' }),
      tries({ attempts: 2 }),
      'half_open',
      { kind: 'retry', failure, ambiguous: false, retryAfterMs: 300 },
      { kind: 'retry', delayMs: 300, tries: tries({ attempts: 2, firstFailedAt: NOW }) },
    ],
    [
      'dead-letters a command whose counted tries reach maxAttempts, saying how many',
      lane(),
      tries({ attempts: 2, firstFailedAt: 5 }),
      'closed',
      { kind: 'retry', failure, ambiguous: true },
      {
        kind: 'dead-letter',
        failure: { ...failure, message: 'ERP unavailable (after 3 tries)' },
        tries: tries({ attempts: 3, needsLookup: true, firstFailedAt: 5 }),
      },
    ],
    [
      'pauses the whole lane on throttling, longer with every throttle in a row, without using up attempts',
      lane({}, { consecutiveThrottles: 2 }),
      tries({ attempts: 1, throttled: 4 }),
      'closed',
      { kind: 'throttled', failure: { ...failure, errorClass: 'throttled' } },
      {
        kind: 'retry',
        delayMs: 400,
        nextAttemptAt: NOW + 400,
        tries: tries({ attempts: 1, throttled: 5, firstFailedAt: NOW }),
        reportRetrying: false,
        counters: { ...counters, consecutiveThrottles: 3, pausedUntil: NOW + 400 },
      },
    ],
    [
      'pauses no shorter than the ERP’s Retry-After',
      lane(),
      tries(),
      'closed',
      { kind: 'throttled', failure, retryAfterMs: 30_000 },
      { kind: 'retry', delayMs: 30_000, counters: { ...counters, consecutiveThrottles: 1, pausedUntil: NOW + 30_000 } },
    ],
    [
      `dead-letters a command throttled ${MAX_THROTTLED_TRIES} times, still pausing the lane`,
      lane(),
      tries({ throttled: MAX_THROTTLED_TRIES - 1 }),
      'closed',
      { kind: 'throttled', failure },
      {
        kind: 'dead-letter',
        failure: { ...failure, message: `throttled ${MAX_THROTTLED_TRIES} times: ERP unavailable` },
        tries: tries({ throttled: MAX_THROTTLED_TRIES }),
        counters: { ...counters, consecutiveThrottles: 1, pausedUntil: NOW + 100 },
      },
    ],
    [
      'waits for a missing reference the base delay, without using up attempts, telling the product once',
      lane(),
      tries({ attempts: 2 }),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      {
        kind: 'retry',
        failure: missingReference,
        delayMs: 100,
        nextAttemptAt: NOW + 100,
        tries: tries({ attempts: 2, firstFailedAt: NOW }),
        reportRetrying: true,
        counters,
      },
    ],
    [
      'waits for a missing reference as long again as it has waited, without telling the product again',
      lane(),
      tries({ firstFailedAt: NOW - 400 }),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      { kind: 'retry', delayMs: 400, tries: tries({ firstFailedAt: NOW - 400 }), reportRetrying: false },
    ],
    [
      'keeps waiting for a missing reference beyond maxAttempts while the window lasts',
      lane(),
      tries({ attempts: 3, firstFailedAt: NOW - 5000 }),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      { kind: 'retry', delayMs: 1000, tries: tries({ attempts: 3, firstFailedAt: NOW - 5000 }) },
    ],
    [
      'makes the last try for a missing reference when the window closes',
      lane(),
      tries({ firstFailedAt: NOW - 9800 }),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      { kind: 'retry', delayMs: 200, nextAttemptAt: NOW + 200 },
    ],
    [
      'waits for a missing reference even while the breaker is open (the ERP answered)',
      lane({ breaker: 'open' }),
      tries(),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      { kind: 'retry', delayMs: 100, tries: tries({ firstFailedAt: NOW }) },
    ],
    [
      'dead-letters a command whose reference did not arrive within the window, saying so',
      lane(),
      tries({ attempts: 1, firstFailedAt: NOW - 10_000 }),
      'closed',
      { kind: 'await_reference', failure: missingReference },
      {
        kind: 'dead-letter',
        failure: {
          ...missingReference,
          message: `${missingReference.message}; the referenced record did not arrive within 10 s`,
        },
        tries: tries({ attempts: 1, firstFailedAt: NOW - 10_000 }),
        counters,
      },
    ],
  ])('%s', (_case, snapshot, command, breakerBefore, outcome, expected) => {
    const step = nextStep(snapshot, { type: 'attempt-answered', now: NOW, command, outcome, breakerBefore }, noJitter);
    expect(step).toMatchObject(expected);
  });

  it('leaves the command it was given untouched (the lane applies the answer)', () => {
    const command = tries({ attempts: 1 });
    nextStep(lane(), {
      type: 'attempt-answered',
      now: NOW,
      command,
      outcome: { kind: 'retry', failure, ambiguous: true },
      breakerBefore: 'closed',
    });
    expect(command).toEqual(tries({ attempts: 1 }));
  });
});

describe('nextStep when our own platform fails around a try', () => {
  it.each<[string, number, number]>([
    ['backs off 500 ms after the first failure', 0, 500],
    ['doubles the back-off with every failure in a row', 2, 2000],
    ['caps the back-off at 10 s', 10, 10_000],
  ])('%s', (_case, platformFailures, backOffMs) => {
    const step = nextStep(lane({}, { platformFailures, pausedUntil: 42 }), { type: 'platform-failed', now: NOW });
    expect(step).toEqual({
      kind: 'back-off',
      counters: { ...counters, pausedUntil: 42, platformFailures: platformFailures + 1, platformBackoffUntil: NOW + backOffMs },
    });
  });
});

describe('configurationLiftsPark', () => {
  it.each<[string, number | null, number, boolean]>([
    ['lifts the park on a version newer than the one parked under', 4, 5, true],
    ['keeps the park on the version it was parked under', 4, 4, false],
    ['keeps the park on an older version read late', 4, 3, false],
    ['lifts the park on any version when the parked version is unknown', null, 1, true],
  ])('%s', (_case, parkedConfigVersion, version, lifts) => {
    expect(configurationLiftsPark(parkedConfigVersion, version)).toBe(lifts);
  });
});
