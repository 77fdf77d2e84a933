import { advance, newChanges, settledChanges } from './change-cursor';

const record = (erpRecordId: string, lastModified: string) => ({ erpRecordId, externalId: null, fields: {}, lastModified });

describe('inbound change cursor', () => {
  it('takes every change once, including a second change in the same instant as the last one taken', () => {
    const first = [record('1', '2026-01-01T00:00:01Z'), record('2', '2026-01-01T00:00:02Z')];
    let cursor = advance({ since: undefined, seenAtCursor: [] }, newChanges(first, { since: undefined, seenAtCursor: [] }));
    expect(cursor).toEqual({ since: '2026-01-01T00:00:02Z', seenAtCursor: ['2'] });
    const second = [record('2', '2026-01-01T00:00:02Z'), record('3', '2026-01-01T00:00:02Z'), record('1', '2026-01-01T00:00:05Z')];
    const taken = newChanges(second, cursor);
    expect(taken.map((r) => r.erpRecordId)).toEqual(['3', '1']);
    cursor = advance(cursor, taken);
    expect(cursor).toEqual({ since: '2026-01-01T00:00:05Z', seenAtCursor: ['1'] });
    expect(newChanges([record('1', '2026-01-01T00:00:05Z')], cursor)).toEqual([]);
  });

  const now = Date.parse('2026-01-01T00:01:00Z');
  it.each<[string, string[], string[]]>([
    ['all settled', ['2026-01-01T00:00:10Z', '2026-01-01T00:00:50Z'], ['2026-01-01T00:00:10Z', '2026-01-01T00:00:50Z']],
    ['the newest still settling', ['2026-01-01T00:00:10Z', '2026-01-01T00:00:55Z'], ['2026-01-01T00:00:10Z']],
    ['the oldest still settling holds back everything after it', ['2026-01-01T00:00:52Z', '2026-01-01T00:00:59Z'], []],
    ['exactly the settle time old', ['2026-01-01T00:00:50Z'], ['2026-01-01T00:00:50Z']],
    ['a change time it cannot read', ['not a time'], ['not a time']],
  ])('takes only changes at least the settle time old (%s)', (_case, changedAt, taken) => {
    const records = changedAt.map((at, index) => record(String(index), at));
    expect(settledChanges(records, now, 10_000).map((r) => r.lastModified)).toEqual(taken);
  });
});
