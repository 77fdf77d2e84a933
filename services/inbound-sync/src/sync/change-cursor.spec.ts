import { advance, newChanges } from './change-cursor';

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
});
