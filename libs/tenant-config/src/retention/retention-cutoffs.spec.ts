import type { RetentionDays } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';
import { retentionCutoffs, retentionDays } from './retention-cutoffs';

const FLEET: RetentionDays = { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 };
const NOW = new Date('2026-12-02T12:00:00.000Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('retentionDays: the tenant policy wins where set, the fleet default elsewhere', () => {
  it.each<[string, RetentionPolicy | null | undefined, Partial<RetentionDays>]>([
    ['no policies at all', undefined, {}],
    ['policies without retention', null, {}],
    ['an empty retention', {}, {}],
    [
      'every field null',
      { syncStatusDays: null, deadLetterDays: null, receivedEventDays: null, reconciliationDays: null, deliveryDays: null },
      {},
    ],
    ['one field set, shorter than the fleet', { syncStatusDays: 7 }, { syncStatus: 7 }],
    ['one field set, longer than the fleet', { deadLetterDays: 3650 }, { deadLetter: 3650 }],
    [
      'every field set',
      { syncStatusDays: 1, deadLetterDays: 2, receivedEventDays: 3, reconciliationDays: 4, deliveryDays: 5 },
      { syncStatus: 1, deadLetter: 2, receivedEvent: 3, reconciliation: 4, delivery: 5 },
    ],
    ['zero (refused by the control plane) ignored', { syncStatusDays: 0 }, {}],
    ['a negative number ignored', { deliveryDays: -1 }, {}],
    ['beyond ten years ignored', { receivedEventDays: 3651 }, {}],
    ['a fraction ignored', { reconciliationDays: 1.5 }, {}],
  ])('%s', (_case, policy, overridden) => {
    expect(retentionDays(policy, FLEET)).toEqual({ ...FLEET, ...overridden });
  });
});

describe('retentionCutoffs: now minus the days kept, per kind', () => {
  it.each<[string, RetentionPolicy | null, Record<keyof RetentionDays, string>]>([
    [
      'fleet defaults',
      null,
      {
        syncStatus: daysBefore(90),
        deadLetter: daysBefore(180),
        receivedEvent: daysBefore(90),
        reconciliation: daysBefore(180),
        delivery: daysBefore(7),
      },
    ],
    [
      'a tenant keeping sync statuses 30 days and dead letters a year',
      { syncStatusDays: 30, deadLetterDays: 365 },
      {
        syncStatus: daysBefore(30),
        deadLetter: daysBefore(365),
        receivedEvent: daysBefore(90),
        reconciliation: daysBefore(180),
        delivery: daysBefore(7),
      },
    ],
    [
      'one day of everything',
      { syncStatusDays: 1, deadLetterDays: 1, receivedEventDays: 1, reconciliationDays: 1, deliveryDays: 1 },
      {
        syncStatus: daysBefore(1),
        deadLetter: daysBefore(1),
        receivedEvent: daysBefore(1),
        reconciliation: daysBefore(1),
        delivery: daysBefore(1),
      },
    ],
  ])('%s', (_case, policy, expected) => {
    const cutoffs = retentionCutoffs(policy, FLEET, NOW);
    expect(Object.fromEntries(Object.entries(cutoffs).map(([kind, date]) => [kind, date.toISOString()]))).toEqual(expected);
  });

  it('a cutoff is exactly 24 h per day before now (UTC, no calendar arithmetic)', () => {
    expect(retentionCutoffs({ syncStatusDays: 1 }, FLEET, NOW).syncStatus.toISOString()).toBe('2026-12-01T12:00:00.000Z');
  });
});
