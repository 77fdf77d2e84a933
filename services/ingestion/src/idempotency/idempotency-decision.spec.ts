import { decideIdempotency, mayClaim, type IdempotencyDecision, type IdempotencyEntry } from './idempotency-decision';

const IN_FLIGHT_LIMIT_MS = 60_000;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const entry = (overrides: Partial<IdempotencyEntry>): IdempotencyEntry => ({
  requestHash: 'hash-a',
  state: 'completed',
  response: { status: 202, body: { accepted: 1 } },
  claimedAt: at(0),
  expiresAt: at(3_600_000),
  readAt: at(1_000),
  ...overrides,
});

describe('what a request with an Idempotency-Key does', () => {
  it.each<[string, IdempotencyEntry | undefined, string, IdempotencyDecision]>([
    ['the key was never used: run it', undefined, 'hash-a', 'new'],
    ['answered before with the same body: replay the answer', entry({}), 'hash-a', 'replay'],
    ['answered before with another body: refuse (422)', entry({}), 'hash-b', 'conflict'],
    ['the first is still running: refuse (409)', entry({ state: 'in-progress', response: undefined }), 'hash-a', 'in-progress'],
    ['still running, even with another body: 409', entry({ state: 'in-progress', response: undefined }), 'hash-b', 'in-progress'],
    ['the window is over: run it again', entry({ readAt: at(3_600_000) }), 'hash-a', 'expired'],
    ['the window is over, another body: run it', entry({ readAt: at(3_700_000) }), 'hash-b', 'expired'],
    [
      'in progress far longer than any request takes: take it over',
      entry({ state: 'in-progress', response: undefined, readAt: at(IN_FLIGHT_LIMIT_MS) }),
      'hash-a',
      'abandoned',
    ],
    [
      'in progress just under the in-flight limit: still running',
      entry({ state: 'in-progress', response: undefined, readAt: at(IN_FLIGHT_LIMIT_MS - 1) }),
      'hash-a',
      'in-progress',
    ],
  ])('%s', (_case, stored, requestHash, decision) => {
    expect(decideIdempotency(stored, requestHash, IN_FLIGHT_LIMIT_MS)).toBe(decision);
  });

  it.each<[IdempotencyDecision, boolean]>([
    ['new', true],
    ['expired', true],
    ['abandoned', true],
    ['replay', false],
    ['conflict', false],
    ['in-progress', false],
  ])('a "%s" decision may claim the key: %s', (decision, claims) => {
    expect(mayClaim(decision)).toBe(claims);
  });
});
