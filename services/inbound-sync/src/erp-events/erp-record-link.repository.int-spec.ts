import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateErpRecordLink1795402700000 } from '../migrations/1795402700000-create-erp-record-link';
import { ErpRecordLinkRepository } from './erp-record-link.repository';

/** Real: PostgreSQL and inbound-sync's migration; nothing faked. */
describe('Ferry’s books of which product entity an ERP record is, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let links: ErpRecordLinkRepository;
  const link = {
    tenantId: 'acme',
    connectionId: 'ns-main',
    recordType: 'salesOrder',
    erpRecordId: '301',
    externalId: 'ferry-so-o1',
    entityType: 'sales_order',
    entityId: 'o1',
    entityVersion: 2,
  };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync_links', [CreateErpRecordLink1795402700000]);
    links = new ErpRecordLinkRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('answers the product ids of the records it knows, per tenant and connection, and skips the rest', async () => {
    await links.recordUnlessOlder(link);
    await links.recordUnlessOlder({ ...link, recordType: 'invoice', erpRecordId: '302', entityType: 'invoice', entityId: 'i1' });
    await links.recordUnlessOlder({ ...link, tenantId: 'other', entityId: 'not-acme' });
    const found = await links.productIds('acme', 'ns-main', [
      { recordType: 'salesOrder', erpRecordId: '301' },
      { recordType: 'invoice', erpRecordId: '302' },
      { recordType: 'invoice', erpRecordId: '301' },
      { recordType: 'salesOrder', erpRecordId: '999' },
    ]);
    expect(Object.fromEntries(found)).toEqual({ 'salesOrder/301': 'o1', 'invoice/302': 'i1' });
    expect(await links.productIds('acme', 'ns-other', [{ recordType: 'salesOrder', erpRecordId: '301' }])).toEqual(new Map());
  });

  it('keeps the newer entity version when an older delivery status arrives late', async () => {
    await links.recordUnlessOlder({ ...link, entityVersion: 5, entityId: 'o1-new' });
    await links.recordUnlessOlder({ ...link, entityVersion: 3, entityId: 'o1-old' });
    expect((await links.productIds('acme', 'ns-main', [{ recordType: 'salesOrder', erpRecordId: '301' }])).get('salesOrder/301')).toBe(
      'o1-new',
    );
  });
});
