import type { Logger } from '@ferry/logging';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { IngestionException } from '../ingestion.exception';
import { INGESTION_MIGRATIONS } from '../migrations/ingestion-migrations';
import { decideIdempotency } from './idempotency-decision';
import { requestHashOf } from './idempotency-key';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';

const quietLogger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
const TTL_HOURS = 24;
const IN_FLIGHT_MS = 60_000;

/** Real: PostgreSQL and ingestion's migrations. The request the key guards is a plain function here. */
describe('the idempotency ledger in a real PostgreSQL', () => {
  let database: TestDatabase;
  let entries: IdempotencyRepository;
  let service: IdempotencyService;

  beforeAll(async () => {
    database = await openTestDatabase('ingestion_idempotency', INGESTION_MIGRATIONS);
    entries = new IdempotencyRepository(database.dataSource);
    service = new IdempotencyService(entries, { idempotencyTtlHours: TTL_HOURS }, quietLogger);
  });
  afterAll(() => database?.drop());

  it('lets exactly one of two concurrent first requests claim a key', async () => {
    const claims = await Promise.all([
      entries.claim('acme', 'k-race', 'hash-a', TTL_HOURS, IN_FLIGHT_MS),
      entries.claim('acme', 'k-race', 'hash-a', TTL_HOURS, IN_FLIGHT_MS),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(decideIdempotency(await entries.find('acme', 'k-race'), 'hash-a', IN_FLIGHT_MS)).toBe('in-progress');
  });

  it('keeps the answer for the window, per tenant, and replays it for the same body only', async () => {
    expect(await entries.claim('acme', 'k-1', 'hash-a', TTL_HOURS, IN_FLIGHT_MS)).toBe(true);
    await entries.complete('acme', 'k-1', 'hash-a', { status: 202, body: { accepted: 2, duplicates: 0 } });
    const stored = await entries.find('acme', 'k-1');
    expect(stored).toMatchObject({ state: 'completed', response: { status: 202, body: { accepted: 2, duplicates: 0 } } });
    expect(stored!.expiresAt.getTime() - stored!.claimedAt.getTime()).toBe(TTL_HOURS * 3_600_000);
    expect(decideIdempotency(stored, 'hash-a', IN_FLIGHT_MS)).toBe('replay');
    expect(decideIdempotency(stored, 'hash-b', IN_FLIGHT_MS)).toBe('conflict');
    expect(await entries.claim('acme', 'k-1', 'hash-a', TTL_HOURS, IN_FLIGHT_MS)).toBe(false);
    expect(await entries.find('globex', 'k-1')).toBeUndefined();
  });

  it('lets a key be claimed again once expired or abandoned in progress, and prunes expired entries', async () => {
    await entries.claim('acme', 'k-old', 'hash-a', TTL_HOURS, IN_FLIGHT_MS);
    await entries.complete('acme', 'k-old', 'hash-a', { status: 202, body: {} });
    await database.dataSource.query(
      `UPDATE idempotency_entry SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'k-old'`,
    );
    expect(decideIdempotency(await entries.find('acme', 'k-old'), 'hash-b', IN_FLIGHT_MS)).toBe('expired');
    expect(await entries.claim('acme', 'k-old', 'hash-b', TTL_HOURS, IN_FLIGHT_MS)).toBe(true);
    expect(await entries.find('acme', 'k-old')).toMatchObject({ state: 'in-progress', requestHash: 'hash-b' });

    await entries.claim('acme', 'k-stuck', 'hash-a', TTL_HOURS, IN_FLIGHT_MS);
    expect(await entries.claim('acme', 'k-stuck', 'hash-a', TTL_HOURS, IN_FLIGHT_MS)).toBe(false);
    expect(await entries.claim('acme', 'k-stuck', 'hash-a', TTL_HOURS, 0)).toBe(true);

    await entries.claim('acme', 'k-gone', 'hash-a', TTL_HOURS, IN_FLIGHT_MS);
    await database.dataSource.query(
      `UPDATE idempotency_entry SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'k-gone'`,
    );
    expect(await entries.pruneExpired()).toBe(1);
    expect(await entries.find('acme', 'k-gone')).toBeUndefined();
    expect(await entries.find('acme', 'k-1')).toBeDefined();
  });

  it('runs a request once: a concurrent duplicate is 409, a retry gets the first answer, another body 422', async () => {
    const body = { events: [{ type: 'CustomerUpserted', event: { id: 1 } }] };
    let runs = 0;
    let finish: () => void = () => undefined;
    const slowRequest = async () => {
      runs += 1;
      await new Promise<void>((resolve) => (finish = resolve));
      return { status: 202, body: { accepted: 1 } };
    };
    const first = service.once('acme', 'k-batch', body, slowRequest);
    await waitForEntry('k-batch');
    await expect(service.once('acme', 'k-batch', body, slowRequest)).rejects.toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    finish();
    expect(await first).toEqual({ status: 202, body: { accepted: 1 }, replayed: false });

    expect(await service.once('acme', 'k-batch', { events: [...body.events] }, slowRequest)).toEqual({
      status: 202,
      body: { accepted: 1 },
      replayed: true,
    });
    const reused = service.once('acme', 'k-batch', { events: [] }, slowRequest);
    await expect(reused).rejects.toBeInstanceOf(IngestionException);
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(runs).toBe(1);
  });

  it('gives the key back when the request fails, so the retry runs for real', async () => {
    const body = { events: [] };
    await expect(service.once('acme', 'k-fail', body, () => Promise.reject(new Error('Kafka did not acknowledge')))).rejects.toThrow(
      'Kafka did not acknowledge',
    );
    expect(await entries.find('acme', 'k-fail')).toBeUndefined();
    expect(await service.once('acme', 'k-fail', body, () => Promise.resolve({ status: 202, body: 'ok' }))).toMatchObject({
      replayed: false,
    });
    expect(await entries.find('acme', 'k-fail')).toMatchObject({ requestHash: requestHashOf(body), state: 'completed' });
  });

  async function waitForEntry(key: string): Promise<void> {
    for (let i = 0; i < 100 && !(await entries.find('acme', key)); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
