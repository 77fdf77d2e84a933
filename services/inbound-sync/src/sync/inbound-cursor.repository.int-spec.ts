import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateInboundCursor1795400600000 } from '../migrations/1795400600000-create-inbound-cursor';
import { InboundCursorRepository } from './inbound-cursor.repository';

/** Real: PostgreSQL and inbound-sync's migration; nothing faked. */
describe('the inbound change cursor in a real PostgreSQL', () => {
  let database: TestDatabase;
  let cursors: InboundCursorRepository;
  const key = { tenantId: 'acme', connectionId: 'ns-main', recordType: 'customer' };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync', [CreateInboundCursor1795400600000]);
    cursors = new InboundCursorRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('starts from the beginning when the poller never advanced', async () => {
    expect(await cursors.cursorOrStart(key)).toEqual({ since: undefined, seenAtCursor: [] });
  });

  it('does not store a cursor that never moved', async () => {
    await cursors.save(key, { since: undefined, seenAtCursor: ['x'] });
    expect(await cursors.cursorOrStart(key)).toEqual({ since: undefined, seenAtCursor: [] });
  });

  it('stores the cursor and replaces it as it advances, per tenant, connection and record type', async () => {
    await cursors.save(key, { since: '2026-01-01T00:00:00Z', seenAtCursor: ['1'] });
    await cursors.save(key, { since: '2026-01-02T00:00:00Z', seenAtCursor: ['2', '3'] });
    expect(await cursors.cursorOrStart(key)).toEqual({ since: '2026-01-02T00:00:00Z', seenAtCursor: ['2', '3'] });
    expect(await cursors.cursorOrStart({ ...key, recordType: 'salesOrder' })).toEqual({ since: undefined, seenAtCursor: [] });
  });

  it('does not let a poll that read before a backfill overwrite the cursor the backfill moved back', async () => {
    const feed = { ...key, recordType: 'erp-events/invoice' };
    await cursors.save(feed, { since: '2026-03-01T00:00:00Z', seenAtCursor: [] });
    await cursors.moveTo(feed, '2026-01-01T00:00:00Z');
    expect(await cursors.save(feed, { since: '2026-03-02T00:00:00Z', seenAtCursor: ['9'] }, '2026-03-01T00:00:00Z')).toBe(false);
    expect(await cursors.cursorOrStart(feed)).toEqual({ since: '2026-01-01T00:00:00Z', seenAtCursor: [] });
    expect(await cursors.save(feed, { since: '2026-03-02T00:00:00Z', seenAtCursor: ['9'] }, '2026-01-01T00:00:00Z')).toBe(true);
    expect((await cursors.cursorsOf('acme', 'ns-main', 'erp-events/')).map((c) => [c.recordType, c.since])).toEqual([
      ['erp-events/invoice', '2026-03-02T00:00:00Z'],
    ]);
  });
});
