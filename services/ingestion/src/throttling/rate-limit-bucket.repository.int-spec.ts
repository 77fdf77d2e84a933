import { DataSource } from 'typeorm';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { INGESTION_MIGRATIONS } from '../migrations/ingestion-migrations';
import { RateLimitBucketRepository } from './rate-limit-bucket.repository';
import { takeToken } from './token-bucket';

/** Real: PostgreSQL and ingestion's migrations; two "replicas" are two connection pools on one database. */
describe('token buckets shared by replicas in a real PostgreSQL', () => {
  let database: TestDatabase;
  let secondPool: DataSource;
  let replicaA: RateLimitBucketRepository;
  let replicaB: RateLimitBucketRepository;
  // Slow enough that no token comes back while a test runs.
  const noRefill = { ratePerSecond: 0.001, burst: 5 };

  beforeAll(async () => {
    database = await openTestDatabase('ingestion_throttle', INGESTION_MIGRATIONS);
    secondPool = await new DataSource(database.dataSource.options).initialize();
    replicaA = new RateLimitBucketRepository(database.dataSource);
    replicaB = new RateLimitBucketRepository(secondPool);
  });
  afterAll(async () => {
    if (secondPool?.isInitialized) await secondPool.destroy();
    await database?.drop();
  });

  it('grants one tenant exactly its burst across two replicas taking concurrently, and leaves another tenant its own', async () => {
    const takes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? replicaA : replicaB).take('tenant:acme', noRefill)),
    );
    expect(takes.filter((take) => take.granted)).toHaveLength(noRefill.burst);
    expect(await replicaA.take('tenant:acme', noRefill)).toMatchObject({ granted: false });
    expect(await replicaB.take('tenant:acme', noRefill)).toMatchObject({ granted: false });

    expect(await replicaB.take('tenant:globex', noRefill)).toEqual({ granted: true, tokens: noRefill.burst - 1 });
  });

  it('agrees with the token-bucket model in sequence: full at first, then one token per request', async () => {
    let model = undefined as { tokens: number; refilledAtMs: number } | undefined;
    for (let i = 0; i < 7; i += 1) {
      const fromDatabase = await (i % 2 === 0 ? replicaA : replicaB).take('key:k-model', noRefill);
      const expected = takeToken(model, 0, noRefill);
      model = { tokens: expected.tokens, refilledAtMs: 0 };
      expect(fromDatabase.granted).toBe(expected.granted);
      expect(fromDatabase.tokens).toBeCloseTo(expected.tokens, 1);
    }
  });

  it('refills at the rate on the database clock', async () => {
    const fast = { ratePerSecond: 20, burst: 1 };
    expect(await replicaA.take('tenant:refill', fast)).toMatchObject({ granted: true });
    expect(await replicaB.take('tenant:refill', fast)).toMatchObject({ granted: false });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await replicaB.take('tenant:refill', fast)).toMatchObject({ granted: true });
  });

  it('prunes only buckets idle for longer than asked', async () => {
    await replicaA.take('tenant:idle', noRefill);
    await database.dataSource.query(`UPDATE rate_limit_bucket SET refilled_at = now() - interval '2 days' WHERE bucket = 'tenant:idle'`);
    expect(await replicaA.pruneIdle(24)).toBe(1);
    expect(await replicaA.take('tenant:idle', noRefill)).toEqual({ granted: true, tokens: noRefill.burst - 1 });
  });
});
