// Real: a PostgreSQL server (DATABASE_URL, else the local one), a database of its own created for this file, the
// delivery migrations run as a delivery service runs them, and every statement of DeliveryOutboxRepository.
// Faked: nothing; no Kafka (publishing is DeliveryOutcomeReporter's part), the final states are written through
// DeliveryQueueRepository.
import { LOCAL_DEFAULTS } from '@ferry/config';
import {
  deliveryCommand,
  incoming,
  queueRow,
  throwawayDeliveryDatabase,
  type ThrowawayDeliveryDatabase,
} from '../testing/throwaway-delivery-database';
import { DeliveryOutboxRepository } from './delivery-outbox.repository';
import { DeliveryQueueRepository } from './delivery-queue.repository';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const failure = { errorClass: 'permanent', errorCode: 'ERP_REJECTED', message: 'the ERP refused the record' };

describe('DeliveryOutboxRepository in a real PostgreSQL, with the real migrations', () => {
  let database: ThrowawayDeliveryDatabase;
  let queue: DeliveryQueueRepository;
  let outbox: DeliveryOutboxRepository;

  beforeAll(async () => {
    database = await throwawayDeliveryDatabase(serverUrl);
    queue = new DeliveryQueueRepository(database.dataSource);
    outbox = new DeliveryOutboxRepository(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const lane = { tenantId: 'tenant-outbox', connectionId: 'erp-main' };

  it('hands out the final outcomes not yet published, oldest first, with what the status and dead letter need', async () => {
    const [deliveredCommand, waitingCommand, deadCommand, staleCommand] = [1, 2, 3, 4].map(() => deliveryCommand(lane));
    await queue.enqueue(
      [deliveredCommand!, waitingCommand!, deadCommand!, staleCommand!].map((command, offset) => incoming(command, offset)),
    );
    const [delivered, , dead, stale] = await Promise.all(
      [deliveredCommand!, waitingCommand!, deadCommand!, staleCommand!].map(
        async (command) => (await queueRow(database.dataSource, lane.tenantId, command.commandId))!.id,
      ),
    );
    await queue.markInFlight(delivered!);
    await queue.markDelivered(delivered!, { erpRecordId: 'erp-7', contentHash: 'hash-7', attempts: 2, confirmedBy: 'lookup' });
    await queue.markInFlight(dead!);
    await queue.finishDeadLettered(dead!, 5, failure);
    await queue.finishStale(stale!, 'version 1 is older than version 2 already delivered');

    const unreported = await outbox.unreported(lane);
    expect(unreported.map((finished) => [finished.id, finished.state])).toEqual([
      [delivered, 'delivered'],
      [dead, 'dead_lettered'],
      [stale, 'stale'],
    ]);
    expect(unreported[0]).toMatchObject({
      command: { ...deliveredCommand, sourceEvent: null },
      attempts: 2,
      erpRecordId: 'erp-7',
      contentHash: 'hash-7',
      outcomeDetail: 'lookup',
      errorCode: null,
      firstFailedAt: null,
    });
    expect(unreported[0]!.stored).toMatchObject({ sourceOffset: '0', sourceValue: Buffer.from(`raw ${deliveredCommand!.commandId}`) });
    expect(unreported[1]).toMatchObject({
      attempts: 5,
      errorClass: 'permanent',
      errorCode: 'ERP_REJECTED',
      errorMessage: 'the ERP refused the record',
    });
    expect(typeof unreported[1]!.firstFailedAt).toBe('number');
    expect(unreported[2]).toMatchObject({ outcomeDetail: 'version 1 is older than version 2 already delivered' });
    expect((await outbox.unreported(lane, 2)).map((finished) => finished.id)).toEqual([delivered, dead]);
    expect(await outbox.unreported({ ...lane, connectionId: 'erp-other' })).toEqual([]);
  });

  it('lets published outcomes leave the outbox, and keeps an unfinished command out of it when asked to mark it', async () => {
    const before = (await outbox.unreported(lane)).map((finished) => finished.id);
    const waiting = deliveryCommand(lane);
    await queue.enqueue([incoming(waiting)]);
    const waitingId = (await queueRow(database.dataSource, lane.tenantId, waiting.commandId))!.id;

    await outbox.markReported([...before, waitingId]);
    await outbox.markReported([]);
    expect(await outbox.unreported(lane)).toEqual([]);
    await queue.finishStale(waitingId, 'older');
    expect((await outbox.unreported(lane)).map((finished) => finished.id)).toEqual([waitingId]);
  });
});
