// Real: a PostgreSQL server (DATABASE_URL, else the local one), a database of its own created for this file, the
// delivery migrations run as a delivery service runs them, every statement of LaneLeaseRepository and the clock of
// the database (lease expiry). Faked: nothing; no Kafka and no replicas, the "replicas" are owner names, and the
// queue rows that make a lane orphaned are written through DeliveryQueueRepository.
import { randomUUID } from 'node:crypto';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { DeliveryOutboxRepository } from '../queue/delivery-outbox.repository';
import { DeliveryQueueRepository } from '../queue/delivery-queue.repository';
import { laneId, type LaneKey } from '../queue/lane-key';
import {
  deliveryCommand,
  incoming,
  queueRow,
  throwawayDeliveryDatabase,
  type ThrowawayDeliveryDatabase,
} from '../testing/throwaway-delivery-database';
import { LaneLeaseRepository } from './lane-lease.repository';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const LONG = 60_000;
/** Long enough that a slow CI machine still checks a refusal before the lease runs out. */
const SHORT = 1000;

describe('LaneLeaseRepository in a real PostgreSQL, with the real migrations', () => {
  let database: ThrowawayDeliveryDatabase;
  let leases: LaneLeaseRepository;
  let queue: DeliveryQueueRepository;
  let outbox: DeliveryOutboxRepository;

  beforeAll(async () => {
    database = await throwawayDeliveryDatabase(serverUrl);
    leases = new LaneLeaseRepository(database.dataSource);
    queue = new DeliveryQueueRepository(database.dataSource);
    outbox = new DeliveryOutboxRepository(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const newLane = (): LaneKey => ({ tenantId: `tenant-${randomUUID().slice(0, 8)}`, connectionId: 'erp-main' });
  const lapse = () => new Promise((resolve) => setTimeout(resolve, SHORT + 500));

  it('gives a lane to one holder at a time, with a new epoch for every new take', async () => {
    const lane = newLane();
    expect(await leases.acquire(lane, 'replica-a', SHORT)).toEqual({ epoch: '1', parkedReason: null, parkedConfigVersion: null });
    expect(await leases.acquire(lane, 'replica-b', LONG)).toBeUndefined();
    // Its own lane from an earlier life (a restart before the lease ran out): taken again at once.
    expect(await leases.acquire(lane, 'replica-a', SHORT)).toMatchObject({ epoch: '2' });
    await lapse();
    expect(await leases.acquire(lane, 'replica-b', LONG)).toMatchObject({ epoch: '3' });
    expect(await leases.acquire(lane, 'replica-a', LONG)).toBeUndefined();
  });

  it('renews only the leases still held at the epoch the holder knows, with their park state', async () => {
    const [kept, lost, parked] = [newLane(), newLane(), newLane()];
    const keptLease = (await leases.acquire(kept, 'replica-a', LONG))!;
    const lostLease = (await leases.acquire(lost, 'replica-a', SHORT))!;
    const parkedLease = (await leases.acquire(parked, 'replica-a', LONG))!;
    await lapse();
    await leases.acquire(lost, 'replica-b', LONG);
    await leases.park(parked, 'the ERP refuses the credentials', 4);

    const renewed = await leases.renew(
      'replica-a',
      [
        { lane: kept, epoch: keptLease.epoch },
        { lane: lost, epoch: lostLease.epoch },
        { lane: parked, epoch: parkedLease.epoch },
      ],
      LONG,
    );
    expect([...renewed.keys()].sort()).toEqual([laneId(kept), laneId(parked)].sort());
    expect(renewed.get(laneId(parked))).toEqual({
      epoch: parkedLease.epoch,
      parkedReason: 'the ERP refuses the credentials',
      parkedConfigVersion: 4,
    });
    expect(await leases.renew('replica-a', [], LONG)).toEqual(new Map());
    // Held by b now: a renewing with b's epoch changes nothing either, the owner has to match too.
    expect((await leases.renew('replica-a', [{ lane: lost, epoch: String(Number(lostLease.epoch) + 1) }], LONG)).size).toBe(0);
  });

  it('lets another replica take a lane at once after its holder released it, and ignores a stale release', async () => {
    const lane = newLane();
    const first = (await leases.acquire(lane, 'replica-a', LONG))!;
    await leases.release(lane, 'replica-b', first.epoch);
    await leases.release(lane, 'replica-a', '999');
    expect(await leases.acquire(lane, 'replica-b', LONG)).toBeUndefined();
    await leases.release(lane, 'replica-a', first.epoch);
    expect(await leases.acquire(lane, 'replica-b', LONG)).toMatchObject({ epoch: '2' });
  });

  it('parks a lane with its reason and configuration version, and answers whether a resume lifted a park', async () => {
    const lane = newLane();
    await leases.acquire(lane, 'replica-a', SHORT);
    await leases.park(lane, 'credentials rejected', 7);
    await lapse();
    expect(await leases.acquire(lane, 'replica-b', LONG)).toEqual({
      epoch: '2',
      parkedReason: 'credentials rejected',
      parkedConfigVersion: 7,
    });
    expect(await leases.unpark(lane)).toBe(true);
    expect(await leases.unpark(lane)).toBe(false);
    expect(await leases.unpark(newLane())).toBe(false);
  });

  it('finds the lanes with work or unpublished outcomes that no live replica holds', async () => {
    const neverHeld = newLane();
    const held = newLane();
    const lapsed = newLane();
    const released = newLane();
    const unpublished = newLane();
    const quiet = newLane();
    for (const lane of [neverHeld, held, lapsed, released]) await queue.enqueue([incoming(deliveryCommand(lane))]);
    await leases.acquire(held, 'replica-a', LONG);
    await leases.acquire(lapsed, 'replica-a', SHORT);
    const releasedLease = (await leases.acquire(released, 'replica-a', LONG))!;
    await leases.release(released, 'replica-a', releasedLease.epoch);
    for (const lane of [unpublished, quiet]) {
      const command = deliveryCommand(lane);
      await queue.enqueue([incoming(command)]);
      const { id } = (await queueRow(database.dataSource, lane.tenantId, command.commandId))!;
      await queue.finishStale(id, 'older');
      if (lane === quiet) await outbox.markReported([id]);
    }
    await lapse();

    const orphaned = (await leases.orphaned(10_000)).map(laneId);
    for (const lane of [neverHeld, lapsed, released, unpublished]) expect(orphaned).toContain(laneId(lane));
    for (const lane of [held, quiet]) expect(orphaned).not.toContain(laneId(lane));
    expect(await leases.orphaned(1)).toHaveLength(1);
  });

  it("shows each of a tenant's lanes: holder, park, and how many commands wait or are in flight", async () => {
    const tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    const busy = { tenantId, connectionId: 'a-busy' };
    const parked = { tenantId, connectionId: 'b-parked' };
    const unheld = { tenantId, connectionId: 'c-unheld' };
    const commands = [deliveryCommand(busy), deliveryCommand(busy), deliveryCommand(busy), deliveryCommand(unheld)];
    await queue.enqueue(commands.map((command) => incoming(command)));
    const inFlight = (await queueRow(database.dataSource, tenantId, commands[1]!.commandId))!.id;
    const finished = (await queueRow(database.dataSource, tenantId, commands[2]!.commandId))!.id;
    await queue.markInFlight(inFlight);
    await queue.finishStale(finished, 'older');
    await leases.acquire(busy, 'replica-a', LONG);
    await leases.acquire(parked, 'replica-b', LONG);
    await leases.park(parked, 'credentials rejected', null);

    const overview = await leases.overview(tenantId);
    expect(
      overview.map(({ connectionId, owner, parkedReason, pending, inFlight: flying }) => [
        connectionId,
        owner,
        parkedReason,
        pending,
        flying,
      ]),
    ).toEqual([
      ['a-busy', 'replica-a', null, 1, 1],
      ['b-parked', 'replica-b', 'credentials rejected', 0, 0],
      ['c-unheld', null, null, 1, 0],
    ]);
    expect(overview[2]!.leaseUntil).toBe(new Date(0).toISOString());
    expect(Date.parse(overview[0]!.oldestPendingAt!)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(overview[1]!.parkedAt).not.toBeNull();
    expect(await leases.overview('tenant-nobody')).toEqual([]);
  });
});
