// Real: a PostgreSQL server, a delivery database of its own with every delivery migration, DeliveryQueue's prune,
// the retention job and its lease. Faked: the tenant policies (what the configuration view would hold).
import { LOCAL_DEFAULTS, type RetentionConfig } from '@ferry/config';
import type { DeliveryCommand, RetentionPolicy } from '@ferry/contracts';
import { LeaseRepository, SingletonLease } from '@ferry/database';
import { createLogger } from '@ferry/logging';
import { RetentionJob } from '@ferry/tenant-config';
import { DeliveryOutboxRepository } from '../queue/delivery-outbox.repository';
import { DeliveryQueue } from '../queue/delivery-queue';
import { DeliveryQueueRepository } from '../queue/delivery-queue.repository';
import {
  deliveryCommand,
  incoming,
  queueRow,
  throwawayDeliveryDatabase,
  type ThrowawayDeliveryDatabase,
} from '../testing/throwaway-delivery-database';
import { deliveryQueueRetention } from './delivery-retention';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;

describe('delivery retention: a tenant’s finished, reported commands past its retention go, in a real PostgreSQL', () => {
  let database: ThrowawayDeliveryDatabase;
  let queue: DeliveryQueue;
  let commands: DeliveryQueueRepository;
  const logger = createLogger('delivery-retention-spec', 'silent');
  const config: RetentionConfig = {
    intervalMs: 3_600_000,
    batchSize: 2,
    defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
  };
  const policies: Record<string, RetentionPolicy> = { acme: { deliveryDays: 2 } };

  beforeAll(async () => {
    database = await throwawayDeliveryDatabase(serverUrl);
    queue = new DeliveryQueue(database.dataSource);
    commands = new DeliveryQueueRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  /** A command queued, then (unless pending) taken to `state`, reported or not, finished `daysAgo` days ago. */
  async function queued(tenantId: string, state: 'pending' | 'delivered' | 'dead_lettered', reported: boolean, daysAgo: number) {
    const command = deliveryCommand({ tenantId });
    await commands.enqueue([incoming(command)]);
    const id = (await queueRow(database.dataSource, tenantId, command.commandId))!.id;
    if (state !== 'pending') {
      await commands.markInFlight(id);
      if (state === 'delivered')
        await commands.markDelivered(id, { erpRecordId: 'erp-1', contentHash: 'h', attempts: 1, confirmedBy: 'write' });
      else await commands.finishDeadLettered(id, 1, { errorClass: 'permanent', errorCode: 'ERP_REJECTED', message: 'no' });
      if (reported) await new DeliveryOutboxRepository(database.dataSource).markReported([id]);
      await database.dataSource.query(`UPDATE delivery_queue SET finished_at = now() - $2 * interval '1 day' WHERE id = $1`, [
        id.toString(),
        daysAgo,
      ]);
    }
    return command;
  }

  it('forgets acme’s past 2 days and globex’s past the 7-day default, in batches; unreported and unfinished ones stay', async () => {
    const gone: DeliveryCommand[] = [];
    const kept: DeliveryCommand[] = [];
    for (let i = 0; i < 3; i += 1) gone.push(await queued('acme', 'delivered', true, 3));
    gone.push(await queued('acme', 'dead_lettered', true, 3));
    kept.push(await queued('acme', 'delivered', true, 1));
    kept.push(await queued('acme', 'delivered', false, 30));
    kept.push(await queued('acme', 'pending', false, 0));
    kept.push(await queued('globex', 'delivered', true, 3));
    gone.push(await queued('globex', 'delivered', true, 8));

    const lease = new SingletonLease(new LeaseRepository(database.dataSource), {
      name: 'retention',
      instanceId: 'delivery-a',
      ttlMs: 60_000,
      logger,
    });
    const job = new RetentionJob({
      tables: [deliveryQueueRetention(queue)],
      policyOf: (tenantId) => policies[tenantId],
      policiesCurrent: async () => true,
      config,
      lease,
      logger,
    });
    await job.start();
    expect(await job.runOnce()).toEqual({ deleted: { delivery_queue: 5 }, complete: true });
    await job.stop();

    for (const command of gone) expect(await queueRow(database.dataSource, command.tenantId, command.commandId)).toBeUndefined();
    for (const command of kept) expect(await queueRow(database.dataSource, command.tenantId, command.commandId)).toBeDefined();
  });
});
