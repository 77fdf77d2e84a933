import { erpChangeOf, erpEventKey, firstRunCursor } from './erp-event-feeds';

const source = { tenantId: 'acme', connectionId: 'ns-main', erpKind: 'netsuite', recordType: 'invoice' };
const record = { erpRecordId: '302', externalId: 'ferry-inv-1', fields: {}, lastModified: '2026-03-01T10:00:00.000Z' };

describe('ERP event feeds', () => {
  it.each([
    [
      'never polled: starts at the first poll, reading nothing older',
      { since: undefined, seenAtCursor: [] },
      { since: '2026-03-01T12:00:00.000Z', seenAtCursor: [] },
    ],
    ['polled before: resumes from the stored cursor', { since: '2026-01-01T00:00:00Z', seenAtCursor: ['1'] }, undefined],
  ])('%s', (_case, stored, expected) => {
    expect(firstRunCursor(stored, Date.parse('2026-03-01T12:00:00.000Z'))).toEqual(expected);
  });

  it('names the change with an id that is the same when the same change is read again, and different for the next', () => {
    const first = erpChangeOf(source, record, 'inv-1', 1);
    expect(erpChangeOf(source, record, 'inv-1', 2).eventId).toBe(first.eventId);
    expect(erpChangeOf(source, { ...record, lastModified: '2026-03-01T10:00:01.000Z' }, 'inv-1', 1).eventId).not.toBe(first.eventId);
    expect(erpChangeOf({ ...source, tenantId: 'other' }, record, 'inv-1', 1).eventId).not.toBe(first.eventId);
    expect(first).toMatchObject({
      erpRecordId: '302',
      externalId: 'ferry-inv-1',
      productEntityId: 'inv-1',
      changedAt: Date.parse(record.lastModified),
      readAt: 1,
    });
    expect(erpChangeOf(source, record, undefined, 1).productEntityId).toBeNull();
  });

  it('keys an event by tenant first, then the record, so the tenant partitioner keeps one record in order', () => {
    expect(erpEventKey(source, 'invoice', '302')).toBe('acme:invoice:ns-main/302');
  });
});
