import { backfillProgress } from './backfill-progress';

describe('backfill progress', () => {
  const requestedAt = new Date('2026-03-01T12:00:00Z');
  it.each([
    ['not yet polled since the backfill', '2026-03-01T11:59:59Z', 'waiting'],
    ['moved by the backfill itself, at the same instant', '2026-03-01T12:00:00Z', 'waiting'],
    ['stored by the poller after the backfill', '2026-03-01T12:00:03Z', 'read'],
  ] as const)('%s → %s', (_case, updatedAt, state) => {
    expect(
      backfillProgress(
        requestedAt,
        [{ recordType: 'erp-events/invoice', since: '2026-02-01T00:00:00Z', updatedAt: new Date(updatedAt) }],
        'erp-events/',
      ),
    ).toEqual([{ feed: 'invoice', state, readUpTo: '2026-02-01T00:00:00Z' }]);
  });
});
