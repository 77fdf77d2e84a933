import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateReceivedEvent1795400000000 } from '../migrations/1795400000000-create-received-event';
import { ReceivedEventRepository } from './received-event.repository';

/** Real: PostgreSQL and ingestion's migration. No Kafka: the publish inside the transaction is a plain function here. */
describe('the received-event ledger in a real PostgreSQL', () => {
  let database: TestDatabase;
  let ledger: ReceivedEventRepository;
  const key = (eventId: string) => ({ tenantId: 'acme', eventId, recordName: 'io.ferry.customer.v1.CustomerUpserted' });

  beforeAll(async () => {
    database = await openTestDatabase('ingestion', [CreateReceivedEvent1795400000000]);
    ledger = new ReceivedEventRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('records an event once: the second insert of the same event is a duplicate', async () => {
    const answers = await ledger.inTransaction(async (tx) => [
      await tx.insertIfNew(key('e-1'), 'http'),
      await tx.insertIfNew(key('e-1'), 'http'),
    ]);
    expect(answers).toEqual([true, false]);
    expect(await ledger.wasReceived('acme', 'e-1')).toBe(true);
    expect(await ledger.wasReceived('other-tenant', 'e-1')).toBe(false);
  });

  it('keeps nothing of a transaction whose work failed (the publish, say), so the event can come again', async () => {
    await expect(
      ledger.inTransaction(async (tx) => {
        await tx.insertIfNew(key('e-2'), 'http');
        throw new Error('Kafka did not acknowledge');
      }),
    ).rejects.toThrow('Kafka did not acknowledge');
    expect(await ledger.wasReceived('acme', 'e-2')).toBe(false);
  });

  it('records a Kafka-path event after the fact, leaving a row already there as it is', async () => {
    await ledger.recordReceived([key('e-3')], 'kafka');
    await ledger.recordReceived([key('e-3')], 'kafka');
    expect(await ledger.wasReceived('acme', 'e-3')).toBe(true);
  });

  it('records a chunk of events in one statement, a row already there or given twice included', async () => {
    await ledger.recordReceived([key('e-4')], 'kafka');
    await ledger.recordReceived([key('e-4'), key('e-5'), key('e-5'), key('e-6')], 'kafka');
    expect(await Promise.all(['e-4', 'e-5', 'e-6', 'e-7'].map((id) => ledger.wasReceived('acme', id)))).toEqual([true, true, true, false]);
    await ledger.recordReceived([], 'kafka');
  });
});
