import type { StatusRow } from './sync-status.repository';
import { outcomeOf, traceOf, type TraceDeadLetter } from './record-trace';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 2, 8, 0, seconds));
function status(statusId: string, seconds: number, stage: string, outcome: string, overrides: Partial<StatusRow> = {}): StatusRow {
  return {
    statusId,
    eventId: 'e-1',
    entityType: 'customer',
    entityId: 'c-1',
    stage,
    status: outcome,
    erpKind: stage === 'delivery' ? 'netsuite' : null,
    erpRecordId: null,
    errorClass: null,
    errorCode: null,
    errorMessage: null,
    latencyMs: null,
    configVersion: 3,
    connectionId: 'ns',
    sourceSystem: 'product',
    direction: 'outbound',
    eventOccurredAt: at(0),
    recordedAt: at(seconds),
    ...overrides,
  };
}
const deadLetter = (deadLetterId: string, eventId: string | null): TraceDeadLetter => ({
  deadLetterId,
  eventId,
  service: 'delivery-netsuite',
  errorCode: 'VALIDATION',
  status: 'open',
  deadLetteredAt: at(9).toISOString(),
});

describe('outcomeOf', () => {
  it.each([
    ['delivered', 'succeeded'],
    ['skipped', 'skipped'],
    ['dead_lettered', 'stopped'],
    ['failed', 'stopped'],
    ['routed', 'in-progress'],
    ['retrying', 'in-progress'],
    ['parked', 'in-progress'],
    ['from-a-newer-release', 'unknown'],
  ])('%s → %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

describe('traceOf: one record’s journey', () => {
  it('orders every status by time, numbers the attempts per event, stage and connection, and attaches dead letters', () => {
    const trace = traceOf(
      { entityType: 'customer', entityId: 'c-1' },
      [
        status('s-4', 4, 'delivery', 'retrying', { errorClass: 'retryable', errorCode: 'RETRYABLE' }),
        status('s-1', 1, 'transformation', 'routed'),
        status('s-6', 6, 'delivery', 'dead_lettered', { errorClass: 'validation', errorCode: 'VALIDATION' }),
        status('s-5', 5, 'delivery', 'retrying', { errorClass: 'retryable' }),
        status('s-7', 7, 'transformation', 'routed', { eventId: 'e-2' }),
        status('s-8', 8, 'delivery', 'delivered', { eventId: 'e-2', erpRecordId: '101' }),
      ],
      [deadLetter('dl-1', 'e-1'), deadLetter('dl-9', 'e-3')],
    );
    expect(trace.steps.map((s) => [s.eventId, s.stage, s.status, s.attempt, s.outcome, s.deadLetterIds])).toEqual([
      ['e-1', 'transformation', 'routed', 1, 'in-progress', []],
      ['e-1', 'delivery', 'retrying', 1, 'in-progress', []],
      ['e-1', 'delivery', 'retrying', 2, 'in-progress', []],
      ['e-1', 'delivery', 'dead_lettered', 3, 'stopped', ['dl-1']],
      ['e-2', 'transformation', 'routed', 1, 'in-progress', []],
      ['e-2', 'delivery', 'delivered', 1, 'succeeded', []],
    ]);
    expect(trace.events).toEqual([
      { eventId: 'e-1', firstSeenAt: at(1).toISOString(), lastStatus: 'dead_lettered', outcome: 'stopped' },
      { eventId: 'e-2', firstSeenAt: at(7).toISOString(), lastStatus: 'delivered', outcome: 'succeeded' },
    ]);
    expect(trace.otherDeadLetters.map((dl) => dl.deadLetterId)).toEqual(['dl-9']);
    expect(trace.steps[5]).toMatchObject({ erpKind: 'netsuite', erpRecordId: '101', configVersion: 3 });
  });

  it('counts attempts per connection: two ERPs of one event are two first attempts', () => {
    const trace = traceOf(
      { entityType: null, entityId: 'c-1' },
      [status('a', 1, 'delivery', 'delivered'), status('b', 1, 'delivery', 'delivered', { connectionId: 'sap' })],
      [],
    );
    expect(trace.steps.map((s) => [s.connectionId, s.attempt])).toEqual([
      ['ns', 1],
      ['sap', 1],
    ]);
  });

  it('keeps the pipeline order for statuses recorded in the same millisecond', () => {
    const trace = traceOf(
      { entityType: 'customer', entityId: 'c-1' },
      [status('a', 1, 'delivery', 'delivered'), status('z', 1, 'transformation', 'routed')],
      [],
    );
    expect(trace.steps.map((s) => s.stage)).toEqual(['transformation', 'delivery']);
  });

  it('an unknown record is an empty journey', () => {
    expect(traceOf({ entityType: 'customer', entityId: 'nope' }, [], [])).toEqual({
      entityType: 'customer',
      entityId: 'nope',
      events: [],
      steps: [],
      otherDeadLetters: [],
    });
  });
});
