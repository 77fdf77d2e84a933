// Real: a PostgreSQL server (DATABASE_URL, else the local one), a database of its own created for this file, the
// delivery migrations run as a delivery service runs them, every statement of DeliveryQueueRepository, NOTIFY.
// Faked: nothing is faked; there is no Kafka and no ERP here, the commands are built by the spec as the consumer
// would hand them over, and rows are read back directly to see what the statements did.
import { Client } from 'pg';
import { LOCAL_DEFAULTS } from '@ferry/config';
import type { DeliveryCommand } from '@ferry/contracts';
import { databaseUrl } from '@ferry/database';
import {
  deliveryCommand,
  incoming,
  queueRow,
  throwawayDeliveryDatabase,
  type ThrowawayDeliveryDatabase,
} from '../testing/throwaway-delivery-database';
import { DeliveryOutboxRepository } from './delivery-outbox.repository';
import { DeliveryQueueRepository } from './delivery-queue.repository';
import { QUEUE_STATES, QUEUE_TRANSITIONS, type QueueState, type QueueTransition } from './queue-states';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const failure = { errorClass: 'retryable', errorCode: 'ERP_UNAVAILABLE', message: 'the ERP answered 503' };
const delivered = { erpRecordId: 'erp-1', contentHash: 'hash-1', attempts: 1, confirmedBy: 'write' as const };

describe('DeliveryQueueRepository in a real PostgreSQL, with the real migrations', () => {
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

  const row = (command: DeliveryCommand) => queueRow(database.dataSource, command.tenantId, command.commandId);
  const idOf = async (command: DeliveryCommand) => (await row(command))!.id;

  /** A queued command brought into `state` through the repository's own transitions. */
  async function queuedIn(state: QueueState, command = deliveryCommand()): Promise<bigint> {
    await queue.enqueue([incoming(command)]);
    const id = await idOf(command);
    if (state === 'pending') return id;
    await queue.markInFlight(id);
    if (state === 'delivered') await queue.markDelivered(id, delivered);
    if (state === 'stale') await queue.finishStale(id, 'a newer version was delivered');
    if (state === 'dead_lettered') await queue.finishDeadLettered(id, 3, failure);
    expect((await row(command))!.state).toBe(state);
    return id;
  }

  it('accepts commands, notifies the replicas of the lanes that got work, and ignores a redelivered command', async () => {
    const listener = new Client({ connectionString: databaseUrl(serverUrl, database.name) });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.payload ?? ''));
    await listener.query(`LISTEN ${DeliveryQueueRepository.NOTIFY_CHANNEL}`);
    try {
      const first = deliveryCommand({ tenantId: 'tenant-enqueue' });
      const second = deliveryCommand({ tenantId: 'tenant-enqueue', connectionId: 'erp-other' });
      expect(await queue.enqueue([incoming(first), incoming(second)])).toEqual([
        { tenantId: 'tenant-enqueue', connectionId: 'erp-main' },
        { tenantId: 'tenant-enqueue', connectionId: 'erp-other' },
      ]);
      expect(await queue.enqueue([incoming(first, 7)])).toEqual([]);
      // Notifications arrive on the listener's connection some time after the commit.
      for (let waited = 0; notified.length < 2 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(notified.sort()).toEqual(['tenant-enqueue/erp-main', 'tenant-enqueue/erp-other']);
      expect(await queue.unfinishedInLane({ tenantId: 'tenant-enqueue', connectionId: 'erp-main' })).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it("lists a lane's unfinished commands in arrival order, all of them or those after an id", async () => {
    const lane = { tenantId: 'tenant-unfinished', connectionId: 'erp-main' };
    const commands = [1, 2, 3, 4].map((version) => deliveryCommand({ ...lane, entityVersion: version }));
    await queue.enqueue(commands.map((command) => incoming(command)));
    await queue.enqueue([incoming(deliveryCommand({ tenantId: lane.tenantId, connectionId: 'erp-other' }))]);
    const [first, second, , fourth] = await Promise.all(commands.map(idOf));
    await queue.markInFlight(second!);
    await queue.markInFlight(fourth!);
    await queue.markDelivered(fourth!, delivered);

    const all = await queue.unfinishedInLane(lane);
    expect(all.map((command) => [command.commandId, command.state, command.entityVersion])).toEqual([
      [commands[0]!.commandId, 'pending', 1],
      [commands[1]!.commandId, 'in_flight', 2],
      [commands[2]!.commandId, 'pending', 3],
    ]);
    expect(all[0]).toMatchObject({ attempts: 0, throttled: 0, needsLookup: false, firstFailedAt: null, recordType: 'customer' });
    expect(typeof all[0]!.nextAttemptAt).toBe('number');
    expect((await queue.unfinishedInLane(lane, first)).map((command) => command.commandId)).toEqual([
      commands[1]!.commandId,
      commands[2]!.commandId,
    ]);
  });

  it('keeps the command as received: its source bytes, topic, offset and headers, without the source event', async () => {
    const command = deliveryCommand({ sourceEvent: Buffer.from('avro bytes'), replayCount: 0 });
    await queue.enqueue([incoming(command, 42)]);
    const stored = await queue.byId(await idOf(command));
    expect(stored).toEqual({
      command: { ...command, sourceEvent: null },
      sourceValue: Buffer.from(`raw ${command.commandId}`),
      sourceTopic: 'ferry.delivery-commands.test',
      sourcePartition: 0,
      sourceOffset: '42',
      headers: { 'x-correlation-id': `corr-${command.commandId}` },
      replayCount: 0,
    });
    expect(await queue.byId(999_999_999n)).toBeUndefined();
  });

  // Every state-changing statement against every state a row can be in: it moves the row only where its
  // transition in queue-states.ts starts, and then only to the state that transition ends in.
  const writes: Record<Exclude<QueueTransition, 'replay'>, (id: bigint, command: DeliveryCommand) => Promise<unknown>> = {
    start: (id) => queue.markInFlight(id),
    retryLater: (id) =>
      queue.scheduleRetry(
        {
          id,
          commandId: '',
          eventId: '',
          entityType: 'customer',
          entityVersion: 1,
          recordType: 'customer',
          externalId: '',
          state: 'in_flight',
          attempts: 1,
          throttled: 0,
          needsLookup: false,
          nextAttemptAt: 0,
          firstFailedAt: null,
          acceptedAt: 0,
        },
        failure,
        1000,
      ),
    setAside: (id) => queue.release(id, true),
    takeOver: (_id, command) => queue.takeOverInFlight(command),
    deliver: (id) => queue.markDelivered(id, delivered),
    markStale: (id) => queue.finishStale(id, 'older'),
    supersede: (_id, command) => queue.supersedeOlder({ ...command, entityVersion: command.entityVersion + 1 }),
    deadLetter: (id) => queue.finishDeadLettered(id, 5, failure),
  };
  const cases = Object.keys(writes).flatMap((transition) =>
    QUEUE_STATES.map((from) => {
      const { from: starts, to } = QUEUE_TRANSITIONS[transition as keyof typeof writes];
      return [transition as keyof typeof writes, from, (starts as readonly QueueState[]).includes(from) ? to : from] as const;
    }),
  );
  it.each(cases)('%s on a %s command leaves it %s', async (transition, from, expected) => {
    const command = deliveryCommand({ tenantId: `tenant-${transition.toLowerCase()}-${from.replace('_', '')}` });
    const id = await queuedIn(from, command);
    await writes[transition](id, command);
    expect((await row(command))!.state).toBe(expected);
  });

  it('records a retry: counters, the failure, the next try time, and the first failure kept', async () => {
    const command = deliveryCommand();
    const id = await queuedIn('in_flight', command);
    const [queued] = await queue.unfinishedInLane(command, id - 1n);
    await queue.scheduleRetry({ ...queued!, attempts: 2, throttled: 1, needsLookup: true }, failure, 60_000);
    const first = (await row(command))!;
    expect(first).toMatchObject({ state: 'pending', attempts: 2, throttled: 1, needsLookup: true, lastErrorCode: 'ERP_UNAVAILABLE' });
    expect(first.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(50_000);
    await queue.markInFlight(id);
    await queue.scheduleRetry({ ...queued!, attempts: 3 }, { ...failure, errorCode: 'ERP_TIMEOUT' }, 0);
    expect((await row(command))!).toMatchObject({ attempts: 3, lastErrorCode: 'ERP_TIMEOUT', firstFailedAt: first.firstFailedAt });
  });

  it("takes back only the lane's in-flight commands on a take-over, to be looked up before they are written again", async () => {
    const lane = { tenantId: 'tenant-takeover', connectionId: 'erp-main' };
    const flying = deliveryCommand(lane);
    const waiting = deliveryCommand(lane);
    const elsewhere = deliveryCommand({ ...lane, connectionId: 'erp-other' });
    await queuedIn('in_flight', flying);
    await queuedIn('pending', waiting);
    await queuedIn('in_flight', elsewhere);
    await queue.takeOverInFlight(lane);
    expect(await row(flying)).toMatchObject({ state: 'pending', needsLookup: true });
    expect(await row(waiting)).toMatchObject({ state: 'pending', needsLookup: false });
    expect(await row(elsewhere)).toMatchObject({ state: 'in_flight', needsLookup: false });
  });

  it('makes older waiting versions of a delivered record stale, never the one in flight or a newer one', async () => {
    const record = { tenantId: 'tenant-supersede', externalId: 'cust-supersede' };
    const [v1, v2, v3, v5] = [1, 2, 3, 5].map((entityVersion) => deliveryCommand({ ...record, entityVersion }));
    const ids = [
      await queuedIn('pending', v1),
      await queuedIn('in_flight', v2),
      await queuedIn('pending', v3),
      await queuedIn('pending', v5),
    ];
    expect(await queue.supersedeOlder(deliveryCommand({ ...record, entityVersion: 4 }))).toEqual([ids[0], ids[2]]);
    expect(await row(v1!)).toMatchObject({ state: 'stale', outcomeDetail: 'version 1 is older than version 4 already delivered' });
    expect((await row(v2!))!.state).toBe('in_flight');
    expect((await row(v5!))!.state).toBe('pending');
  });

  it('starts a dead-lettered command afresh when an operator replays it, and nothing else', async () => {
    const command = deliveryCommand({ tenantId: 'tenant-replay' });
    const before = await queuedIn('dead_lettered', command);
    expect(await queue.enqueue([incoming({ ...command, replayCount: 0 })])).toEqual([]);
    expect(await queue.enqueue([incoming({ ...command, replayCount: 1 })])).toEqual([
      { tenantId: 'tenant-replay', connectionId: 'erp-main' },
    ]);
    const replayed = (await row(command))!;
    expect(replayed).toMatchObject({
      state: 'pending',
      attempts: 0,
      replayCount: 1,
      lastErrorCode: null,
      finishedAt: null,
      firstFailedAt: null,
    });
    expect(replayed.id).toBeGreaterThan(before);

    const done = deliveryCommand({ tenantId: 'tenant-replay' });
    await queuedIn('delivered', done);
    expect(await queue.enqueue([incoming({ ...done, replayCount: 1 })])).toEqual([]);
    expect((await row(done))!).toMatchObject({ state: 'delivered', replayCount: 0 });
  });

  it('says a lane has work while a command is unfinished or an outcome unpublished', async () => {
    const lane = { tenantId: 'tenant-work', connectionId: 'erp-main' };
    expect(await queue.laneHasWork(lane)).toBe(false);
    const id = await queuedIn('pending', deliveryCommand(lane));
    expect(await queue.laneHasWork(lane)).toBe(true);
    await queue.markInFlight(id);
    await queue.markDelivered(id, delivered);
    expect(await queue.laneHasWork(lane)).toBe(true);
    await outbox.markReported([id]);
    expect(await queue.laneHasWork(lane)).toBe(false);
  });

  it('prunes finished, reported commands past the retention, and nothing else', async () => {
    const old = deliveryCommand({ tenantId: 'tenant-prune' });
    const unreported = deliveryCommand({ tenantId: 'tenant-prune' });
    const recent = deliveryCommand({ tenantId: 'tenant-prune' });
    const waiting = deliveryCommand({ tenantId: 'tenant-prune' });
    const ids = [await queuedIn('delivered', old), await queuedIn('dead_lettered', unreported), await queuedIn('stale', recent)];
    await queuedIn('pending', waiting);
    await outbox.markReported([ids[0]!, ids[2]!]);
    await database.dataSource.query(`UPDATE delivery_queue SET finished_at = now() - interval '8 days' WHERE id = ANY($1::bigint[])`, [
      [ids[0]!.toString(), ids[1]!.toString()],
    ]);
    expect(await queue.prune('tenant-prune', new Date(Date.now() - 7 * 86_400_000))).toBe(1);
    expect(await row(old)).toBeUndefined();
    for (const kept of [unreported, recent, waiting]) expect(await row(kept)).toBeDefined();
  });

  it('refuses, in the database itself, a state change the transition table does not allow', async () => {
    const command = deliveryCommand();
    const id = await queuedIn('delivered', command);
    await expect(
      database.dataSource.query(`UPDATE delivery_queue SET state = 'pending' WHERE id = $1`, [id.toString()]),
    ).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining('delivered -> pending is not an allowed state change'),
    });
    // Changing anything but the state of a final command (the outbox's reported flag) stays possible.
    await outbox.markReported([id]);
    expect((await row(command))!).toMatchObject({ state: 'delivered', reported: true });
  });
});
