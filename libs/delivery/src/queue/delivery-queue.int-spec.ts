// Real: a PostgreSQL server (DATABASE_URL, else the local one), a database of its own created for this file, the
// delivery migrations run as a delivery service runs them, and the repositories DeliveryQueue groups (queue,
// lease, ledger) with its transactions. Faked: nothing; no ERP and no Kafka, the spec says what the ERP answered.
import { LOCAL_DEFAULTS } from '@ferry/config';
import { DeliveryLedgerRepository } from '../ledger/delivery-ledger.repository';
import {
  deliveryCommand,
  incoming,
  queueRow,
  throwawayDeliveryDatabase,
  type ThrowawayDeliveryDatabase,
} from '../testing/throwaway-delivery-database';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryQueueRepository } from './delivery-queue.repository';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;

describe('DeliveryQueue (what a lane writes) in a real PostgreSQL, with the real migrations', () => {
  let database: ThrowawayDeliveryDatabase;
  let queue: DeliveryQueue;
  let ledger: DeliveryLedgerRepository;

  beforeAll(async () => {
    database = await throwawayDeliveryDatabase(serverUrl);
    queue = new DeliveryQueue(database.dataSource);
    ledger = new DeliveryLedgerRepository(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const enqueue = async (command: ReturnType<typeof deliveryCommand>) => {
    await new DeliveryQueueRepository(database.dataSource).enqueue([incoming(command)]);
    return (await queueRow(database.dataSource, command.tenantId, command.commandId))!.id;
  };

  it('records a delivery with its ledger entry and newest version, and makes older waiting versions stale', async () => {
    const record = { tenantId: 'tenant-deliver', externalId: 'cust-deliver' };
    const [older, flying, newest] = [1, 2, 3].map((entityVersion) => deliveryCommand({ ...record, entityVersion }));
    const [olderId, flyingId, newestId] = [await enqueue(older!), await enqueue(flying!), await enqueue(newest!)];
    await queue.markInFlight(flyingId!);
    await queue.markInFlight(newestId!);

    const outcome = { erpRecordId: 'erp-3', contentHash: 'hash-3', attempts: 1, confirmedBy: 'write' as const };
    expect(await queue.finishDelivered(newestId!, newest!, outcome)).toEqual([olderId]);
    expect(await queueRow(database.dataSource, record.tenantId, newest!.commandId)).toMatchObject({
      state: 'delivered',
      needsLookup: false,
    });
    expect(await queueRow(database.dataSource, record.tenantId, older!.commandId)).toMatchObject({ state: 'stale' });
    expect(await queueRow(database.dataSource, record.tenantId, flying!.commandId)).toMatchObject({ state: 'in_flight' });
    expect(await ledger.entry(record.tenantId, newest!.commandId)).toEqual({ erpRecordId: 'erp-3', contentHash: 'hash-3' });
    expect(await ledger.deliveredVersion(newest!, 'customer', record.externalId)).toEqual({ version: 3, erpRecordId: 'erp-3' });
    // Recorded twice (a retry of the write after the database went away): nothing changes, nothing more turns stale.
    expect(await queue.finishDelivered(newestId!, newest!, { ...outcome, erpRecordId: 'erp-other' })).toEqual([]);
    expect(await ledger.entry(record.tenantId, newest!.commandId)).toEqual({ erpRecordId: 'erp-3', contentHash: 'hash-3' });
  });

  it("takes a lane with the previous holder's in-flight commands back to pending, to be looked up first", async () => {
    const lane = { tenantId: 'tenant-acquire', connectionId: 'erp-main' };
    const command = deliveryCommand(lane);
    const id = await enqueue(command);
    expect(await queue.acquireLane(lane, 'replica-a', 1000)).toMatchObject({ epoch: '1' });
    await queue.markInFlight(id);
    // Refused while a's lease runs: a's in-flight command is a's and stays as it is.
    expect(await queue.acquireLane(lane, 'replica-b', 60_000)).toBeUndefined();
    expect(await queueRow(database.dataSource, lane.tenantId, command.commandId)).toMatchObject({ state: 'in_flight', needsLookup: false });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await queue.acquireLane(lane, 'replica-b', 60_000)).toMatchObject({ epoch: '2' });
    expect(await queueRow(database.dataSource, lane.tenantId, command.commandId)).toMatchObject({ state: 'pending', needsLookup: true });
    expect((await queue.unfinishedInLane(lane)).map((queued) => queued.needsLookup)).toEqual([true]);
  });

  it('parks and resumes a lane, and says whether it still has work', async () => {
    const lane = { tenantId: 'tenant-park', connectionId: 'erp-main' };
    const command = deliveryCommand(lane);
    const id = await enqueue(command);
    await queue.acquireLane(lane, 'replica-a', 60_000);
    await queue.markInFlight(id);
    await queue.park(lane, 'credentials rejected', 2);
    await queue.release(id, true);
    expect(await queueRow(database.dataSource, lane.tenantId, command.commandId)).toMatchObject({
      state: 'pending',
      needsLookup: true,
      attempts: 0,
    });
    expect(await queue.unpark(lane)).toBe(true);
    expect(await queue.laneHasWork(lane)).toBe(true);
    await queue.markInFlight(id);
    await queue.finishDeadLettered(id, 1, { errorClass: 'permanent', errorCode: 'ERP_REJECTED', message: 'no' });
    expect((await queue.byId(id))!.command.commandId).toBe(command.commandId);
    expect(await queue.prune(lane.tenantId, new Date(Date.now() - 7 * 86_400_000))).toBe(0);
  });
});
