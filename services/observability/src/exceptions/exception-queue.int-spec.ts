import { createHash } from 'node:crypto';
import type { DeadLetterRecord } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { DeadLetterRepository } from '../dead-letters/dead-letter.repository';
import { StreamTokenRepository } from '../live/stream-token.repository';
import { OBSERVABILITY_MIGRATIONS } from '../migrations/observability-migrations';
import { ServiceLevelsRepository } from '../service-levels/service-levels.repository';
import { ExceptionQueueRepository } from './exception-queue.repository';

/** Real: PostgreSQL and every observability migration; nothing faked. */
describe('the exception queue and stream tokens, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let deadLetters: DeadLetterRepository;
  let queue: ExceptionQueueRepository;
  let tokens: StreamTokenRepository;
  let levels: ServiceLevelsRepository;
  const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
  const deadLetter = (deadLetterId: string, overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord => ({
    deadLetterId,
    service: 'delivery-netsuite',
    tenantId: 'acme',
    eventId: `ev-${deadLetterId}`,
    sourceTopic: 'ferry.delivery-commands.netsuite.v1',
    sourcePartition: 0,
    sourceOffset: '1',
    key: null,
    value: null,
    headers: {},
    errorClass: 'validation',
    errorCode: 'INVALID_FLD_VALUE',
    errorMessage: `bad email on ${deadLetterId}`,
    attempts: 1,
    firstFailedAt: minutesAgo(10),
    deadLetteredAt: minutesAgo(10),
    ...overrides,
  });

  beforeAll(async () => {
    database = await openTestDatabase('observability', OBSERVABILITY_MIGRATIONS);
    deadLetters = new DeadLetterRepository(database.dataSource);
    queue = new ExceptionQueueRepository(database.dataSource);
    tokens = new StreamTokenRepository(database.dataSource);
    levels = new ServiceLevelsRepository(database.dataSource);
    expect(await deadLetters.record(deadLetter('dl-1'))).toBe(true);
    expect(await deadLetters.record(deadLetter('dl-1'))).toBe(false);
    await deadLetters.record(deadLetter('dl-2', { deadLetteredAt: minutesAgo(5), errorMessage: 'newest bad email' }));
    await deadLetters.record(deadLetter('dl-3', { errorClass: 'mapping', errorCode: 'MAPPING_FAILED', service: 'transformation' }));
    await deadLetters.record(deadLetter('dl-4', { tenantId: 'globex' }));
  });
  afterAll(() => database?.drop());

  it('groups a tenant’s open dead letters by class and code, largest group first, newest message as the sample', async () => {
    const groups = await queue.groups('acme', 'open');
    expect(groups.map((g) => [g.errorClass, g.errorCode, g.count, g.deadLetterIds, g.sampleMessage, g.services])).toEqual([
      ['validation', 'INVALID_FLD_VALUE', 2, ['dl-2', 'dl-1'], 'newest bad email', ['delivery-netsuite']],
      ['mapping', 'MAPPING_FAILED', 1, ['dl-3'], 'bad email on dl-3', ['transformation']],
    ]);
    expect(await queue.groups('globex', 'open')).toHaveLength(1);
  });

  it('assigns and comments only the tenant’s own dead letters', async () => {
    expect(await queue.assign('acme', ['dl-1', 'dl-2', 'dl-4'], 'alice')).toEqual(expect.arrayContaining(['dl-1', 'dl-2']));
    expect(await queue.assign('acme', ['dl-4'], 'alice')).toEqual([]);
    expect((await queue.groups('acme', 'open'))[0]!.assignees).toEqual(['alice']);
    expect(await queue.comment('acme', ['dl-1', 'dl-4'], 'operator', 'asked the customer')).toEqual(['dl-1']);
    const comments = await queue.comments('acme', ['dl-1', 'dl-2', 'dl-4'], 10);
    expect(comments.map((c) => [c.deadLetterId, c.author, c.body])).toEqual([['dl-1', 'operator', 'asked the customer']]);
  });

  it('resolves open dead letters once, recording the resolution time, and counts it in the service levels', async () => {
    const resolved = await queue.resolve('acme', ['dl-1', 'dl-2', 'dl-4'], 'operator', 'fixed in the product');
    expect(resolved.map((r) => r.deadLetterId).sort()).toEqual(['dl-1', 'dl-2']);
    const byId = Object.fromEntries(resolved.map((r) => [r.deadLetterId, r.resolutionSeconds]));
    expect(byId['dl-1']).toBeGreaterThanOrEqual(599);
    expect(byId['dl-1']).toBeLessThan(660);
    expect(byId['dl-2']).toBeGreaterThanOrEqual(299);
    expect(await queue.resolve('acme', ['dl-1'], 'operator', 'again')).toEqual([]);
    expect((await queue.groups('acme', 'open')).map((g) => g.errorCode)).toEqual(['MAPPING_FAILED']);
    expect((await queue.groups('acme', 'resolved')).map((g) => [g.errorCode, g.count])).toEqual([['INVALID_FLD_VALUE', 2]]);
    // A resolved dead letter is no longer open, so a replay cannot pick it up.
    expect(await deadLetters.markReplayed('dl-1', 'topic')).toBe(false);
    expect(await deadLetters.list('acme', { status: 'resolved', limit: 10 })).toHaveLength(2);
    const resolution = await levels.resolution('acme', new Date(Date.now() - 3600_000));
    expect(resolution.resolved).toBe(2);
    expect(resolution.p50).toBeGreaterThanOrEqual(299);
  });

  it('keeps stream tokens by hash, with the database deciding expiry', async () => {
    const hash = createHash('sha256').update('fst_secret').digest('hex');
    const expiresAt = await tokens.issue(hash, 'acme', 'api-key:k1', 60_000);
    const found = await tokens.find(hash);
    expect(found.token).toEqual({ tenantId: 'acme', expiresAt, actor: 'api-key:k1' });
    expect(expiresAt.getTime() - found.now.getTime()).toBeGreaterThan(55_000);
    expect((await tokens.find('unknown')).token).toBeUndefined();
    const fleet = createHash('sha256').update('fst_fleet').digest('hex');
    await tokens.issue(fleet, null, 'operator', -1);
    const expired = await tokens.find(fleet);
    expect(expired.token?.tenantId).toBeNull();
    expect(expired.token!.expiresAt.getTime()).toBeLessThanOrEqual(expired.now.getTime());
  });
});
