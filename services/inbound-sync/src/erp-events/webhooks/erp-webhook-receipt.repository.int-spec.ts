import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateErpWebhookReceipt1795403200000 } from '../../migrations/1795403200000-create-erp-webhook-receipt';
import { ErpWebhookReceiptRepository } from './erp-webhook-receipt.repository';

/** Real: PostgreSQL and inbound-sync's migration; the publish is a counter. */
describe('signed ERP webhook deliveries taken once, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let receipts: ErpWebhookReceiptRepository;
  const receipt = { tenantId: 'acme', connectionId: 'hooks', receiptKey: 'k1', events: 2 };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync_webhook_receipts', [CreateErpWebhookReceipt1795403200000]);
    receipts = new ErpWebhookReceiptRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('publishes a delivery once; the replay is a duplicate and publishes nothing', async () => {
    let published = 0;
    const publish = async () => void (published += 1);
    expect(await receipts.once(receipt, 600, publish)).toBe('taken');
    expect(await receipts.once(receipt, 600, publish)).toBe('duplicate');
    expect(await receipts.once({ ...receipt, connectionId: 'other' }, 600, publish)).toBe('taken');
    expect(published).toBe(2);
  });

  it('forgets a delivery whose publish failed, so the sender’s retry is taken', async () => {
    const failing = { ...receipt, receiptKey: 'k2' };
    await expect(receipts.once(failing, 600, () => Promise.reject(new Error('kafka away')))).rejects.toThrow('kafka away');
    expect(await receipts.once(failing, 600, async () => undefined)).toBe('taken');
  });

  it('lets two copies of one delivery arriving together publish once', async () => {
    let published = 0;
    const slowPublish = () => new Promise<void>((resolve) => setTimeout(() => resolve(void (published += 1)), 200));
    const both = await Promise.all([1, 2].map(() => receipts.once({ ...receipt, receiptKey: 'k3' }, 600, slowPublish)));
    expect(both.sort()).toEqual(['duplicate', 'taken']);
    expect(published).toBe(1);
  });

  it('prunes receipts older than it keeps', async () => {
    await database.dataSource.query(`UPDATE erp_webhook_receipt SET received_at = now() - interval '1 hour' WHERE signature = 'k1'`);
    expect(await receipts.once(receipt, 600, async () => undefined)).toBe('taken');
  });
});
