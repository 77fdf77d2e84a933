import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { openServiceDataSource } from './database.module';
import { LeaseRepository } from './lease.repository';
import { CreateFerryLease1795401700000 } from './migrations/1795401700000-create-ferry-lease';
import { SingletonLease, type LeaseFence } from './singleton-lease';

/**
 * Real: PostgreSQL (DATABASE_URL, else the local one), the ferry_lease migration, SingletonLease and its SQL.
 * Faked: the replicas, as leases with their own instance ids and connection pools in one process; a crash is a
 * replica that stops renewing without handing the lease back.
 */
const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const name = `${process.env['FERRY_IT_DATABASE_PREFIX'] ?? 'ferry_it_'}lease_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const TTL_MS = 1_000;
const logger = { info: () => undefined, warn: () => undefined };
const open: DataSource[] = [];
const leases: SingletonLease[] = [];

async function replica(instanceId: string, leaseName: string): Promise<SingletonLease> {
  const dataSource = await openServiceDataSource(
    { serverUrl, name, entities: [], migrations: [CreateFerryLease1795401700000] },
    { logging: false },
  );
  open.push(dataSource);
  const lease = new SingletonLease(new LeaseRepository(dataSource), { name: leaseName, instanceId, ttlMs: TTL_MS, logger });
  leases.push(lease);
  return lease;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

describe('singleton work under a PostgreSQL lease', () => {
  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.stop()));
    await Promise.all(open.map((dataSource) => dataSource.destroy()));
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await admin.end();
    }
  });

  it('runs on exactly one of two replicas starting at once', async () => {
    const [first, second] = await Promise.all([replica('replica-a', 'starting-together'), replica('replica-b', 'starting-together')]);
    await Promise.all([first.start(), second.start()]);
    const ran: string[] = [];
    const outcomes = await Promise.all([first, second].map((lease) => lease.runExclusive(async () => void ran.push(lease.holder))));
    expect(outcomes.sort()).toEqual(['not-holder', 'run']);
    expect(ran).toHaveLength(1);
    expect([first, second].filter((lease) => lease.isHeld())).toHaveLength(1);
  });

  it('passes to the other replica once a crashed holder’s lease expires, and at once when the holder stops', async () => {
    const crashing = await replica('replica-a', 'takeover');
    expect(await crashing.renew()).toBe(true); // holds it, and never renews again: a crash
    const crashedAt = Date.now();
    const survivor = await replica('replica-b', 'takeover');
    await survivor.start();
    expect(survivor.isHeld()).toBe(false);
    await waitUntil(() => survivor.isHeld(), 3 * TTL_MS);
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(TTL_MS - 50);
    expect(await survivor.runExclusive(async () => undefined)).toBe('run');

    const successor = await replica('replica-c', 'takeover');
    await successor.start();
    expect(successor.isHeld()).toBe(false);
    await survivor.stop();
    const waited = await waitUntil(() => successor.isHeld(), 3 * TTL_MS);
    // Taken at the successor's next try (every third of the life), well before the lease would have expired.
    expect(waited).toBeLessThan(0.6 * TTL_MS);
  });

  it('fences a holder that lost the lease: it stops before doing work', async () => {
    const paused = await replica('replica-a', 'fencing');
    expect(await paused.renew()).toBe(true);
    const firstEpoch = (await new LeaseRepository(open.at(-1)!).currentEpoch('fencing', paused.holder))!;
    const other = await replica('replica-b', 'fencing');
    await other.start();
    const work = jest.fn(async () => undefined);

    // Paused while holding it (a long GC, a frozen VM) and back once the other replica has taken over.
    await waitUntil(() => other.isHeld(), 3 * TTL_MS);
    expect(await paused.runExclusive(work)).toBe('lost');
    expect(work).not.toHaveBeenCalled();

    // Work already running checks between steps and stops at the first one after the takeover.
    await other.stop();
    expect(await paused.renew()).toBe(true);
    const steps: number[] = [];
    let fenceEpoch = 0;
    const rival = await replica('replica-c', 'fencing');
    await paused.runExclusive(async (fence: LeaseFence) => {
      fenceEpoch = fence.epoch;
      for (let step = 1; step <= 3; step += 1) {
        if (!(await fence.stillHeld())) return;
        steps.push(step);
        if (step === 1) {
          await sleep(TTL_MS + 100); // no renewal meanwhile: the lease expires and the rival takes it
          expect(await rival.renew()).toBe(true);
        }
      }
    });
    expect(steps).toEqual([1]);
    expect(fenceEpoch).toBeGreaterThan(firstEpoch);
  });

  it('lets a restarted replica (same instance id) take its predecessor’s lease at once', async () => {
    const before = await replica('replica-a', 'restart');
    expect(await before.renew()).toBe(true);
    const after = await replica('replica-a', 'restart');
    expect(await after.renew()).toBe(true);
    expect(await before.runExclusive(async () => undefined)).toBe('lost');
  });
});
