import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateDeliveredContent1795401900000 } from '../migrations/1795401900000-create-delivered-content';
import { DeliveredContentRepository } from './delivered-content.repository';

/** Real: PostgreSQL and inbound-sync's migration; nothing faked. */
describe('what Ferry last delivered per ERP record, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let deliveredContent: DeliveredContentRepository;
  const key = { tenantId: 'acme', connectionId: 'ns-main', recordType: 'customer' };
  const delivery = (externalId: string, contentHash: string, entityVersion: number) => ({
    ...key,
    externalId,
    contentHash,
    entityVersion,
    deliveredAt: Date.now(),
  });

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync', [CreateDeliveredContent1795401900000]);
    deliveredContent = new DeliveredContentRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('answers the last delivered hash per external id, and nothing for records Ferry never delivered to', async () => {
    await deliveredContent.recordUnlessOlder(delivery('ferry-1', 'hash-1a', 1));
    await deliveredContent.recordUnlessOlder(delivery('ferry-1', 'hash-1b', 2));
    await deliveredContent.recordUnlessOlder(delivery('ferry-2', 'hash-2', 1));
    const last = await deliveredContent.lastDeliveries(key, ['ferry-1', 'ferry-2', 'ferry-3']);
    expect(Object.fromEntries(last)).toEqual({ 'ferry-1': { contentHash: 'hash-1b' }, 'ferry-2': { contentHash: 'hash-2' } });
    expect(await deliveredContent.lastDeliveries({ ...key, connectionId: 'ns-other' }, ['ferry-1'])).toEqual(new Map());
    expect(await deliveredContent.lastDeliveries(key, [])).toEqual(new Map());
  });

  it('keeps a newer version when an older delivery is reported late', async () => {
    await deliveredContent.recordUnlessOlder(delivery('ferry-4', 'hash-4-v5', 5));
    await deliveredContent.recordUnlessOlder(delivery('ferry-4', 'hash-4-v3', 3));
    expect((await deliveredContent.lastDeliveries(key, ['ferry-4'])).get('ferry-4')).toEqual({ contentHash: 'hash-4-v5' });
  });
});
