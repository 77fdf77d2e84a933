import type { GoldenCustomer } from '@ferry/contracts';
import { OperatorAuditRepository } from '@ferry/database';
import type { EventProducer, OutgoingEvent } from '@ferry/kafka';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import type { SourceCustomer } from './customers/customer-record-mapping';
import { GoldenRecordRepository } from './golden-records/golden-record.repository';
import { GoldenRecordsService } from './golden-records/golden-records.service';
import { TenantMatchers } from './golden-records/tenant-matchers';
import type { MasterDataConfig } from './master-data.config';
import { MASTER_DATA_MIGRATIONS } from './migrations/master-data-migrations';
import { StewardService } from './steward/steward.service';

/**
 * Real: PostgreSQL with master-data's migrations, the repositories, the matchers and the services. Faked: Kafka
 * (the producer records what would be published). A "restart" is a new TenantMatchers over the same database.
 */
describe("master-data's golden records in a real PostgreSQL", () => {
  let database: TestDatabase;
  let repository: GoldenRecordRepository;
  let published: GoldenCustomer[];
  const config = { matchProfile: 'organisation' } as MasterDataConfig;
  const producer = {
    publish: async (events: OutgoingEvent[]) => {
      published.push(...events.map((event) => event.value as GoldenCustomer));
    },
  } as unknown as EventProducer;
  const start = () => {
    const goldenRecords = new GoldenRecordsService(
      new TenantMatchers(repository, config),
      repository,
      new OperatorAuditRepository(database.dataSource),
      producer,
    );
    return { goldenRecords, steward: new StewardService(goldenRecords) };
  };
  const customer = (
    tenantId: string,
    source: string,
    id: string,
    fields: Partial<SourceCustomer['record']>,
    entityVersion = 1,
  ): SourceCustomer => ({
    tenantId,
    entityVersion,
    record: { id, source, updatedAt: `2026-12-0${entityVersion}T10:00:00.000Z`, ...fields },
  });
  const acme = { name: { organisation: 'Acme Industrial Supplies Ltd' }, taxId: 'GB123456789', email: 'ap@acme.example' };
  const borealis = { name: { organisation: 'Borealis Timber AB' }, email: 'info@borealis.example', phone: '+46 8 123 456' };

  beforeAll(async () => {
    database = await openTestDatabase('master_data', MASTER_DATA_MIGRATIONS);
    repository = new GoldenRecordRepository(database.dataSource);
  });
  afterAll(() => database?.drop());
  beforeEach(() => {
    published = [];
  });

  it('stores each source record with its golden id, and a restarted service keeps the ids and the clusters', async () => {
    const first = start();
    const a = await first.goldenRecords.place(customer('t1', 'product', 'p1', acme));
    const b = await first.goldenRecords.place(
      customer('t1', 'netsuite', 'netsuite-8', { ...acme, name: { organisation: 'ACME Industrial Supplies' } }),
    );
    const c = await first.goldenRecords.place(customer('t1', 'product', 'p2', borealis));
    expect(b.goldenId).toBe(a.goldenId);
    expect(c.goldenId).not.toBe(a.goldenId);
    expect((await repository.sourceRecordsOf('t1')).map((r) => [r.recordKey, r.goldenId])).toEqual([
      ['product:p1', a.goldenId],
      ['netsuite:netsuite-8', a.goldenId],
      ['product:p2', c.goldenId],
    ]);

    const restarted = start();
    const again = await restarted.goldenRecords.place(customer('t1', 'dynamics365', 'dynamics365-3', acme));
    expect(again.goldenId).toBe(a.goldenId);
    const view = await restarted.goldenRecords.goldenCustomer('t1', a.goldenId ?? '');
    expect((view.goldenCustomer.sourceRecords ?? []).map((r) => `${r.source}:${r.recordId}`).sort()).toEqual([
      'dynamics365:dynamics365-3',
      'netsuite:netsuite-8',
      'product:p1',
    ]);
    expect(view.sourceRecords).toHaveLength(3);
  });

  it('publishes the golden record with lineage, and an older version of a record changes nothing', async () => {
    const { goldenRecords } = start();
    await goldenRecords.place(customer('t2', 'product', 'p1', { ...acme, email: 'new@acme.example' }, 2));
    const stale = await goldenRecords.place(customer('t2', 'product', 'p1', { ...acme, email: 'old@acme.example' }, 1));
    expect(stale).toEqual({ outcome: 'stale', goldenId: null, published: [] });
    expect(published).toHaveLength(1);
    expect(published[0]?.fields?.find((f) => f.path === 'email')).toMatchObject({
      value: 'new@acme.example',
      source: 'product',
      recordId: 'p1',
    });
    expect((await repository.sourceRecordsOf('t2'))[0]?.entityVersion).toBe(2);
  });

  it('queues a pair between the thresholds once, and a merge decision merges, persists and is audited', async () => {
    const { goldenRecords, steward } = start();
    const kept = await goldenRecords.place(customer('t3', 'product', 'p1', borealis));
    const doubtful = await goldenRecords.place(customer('t3', 'netsuite', 'netsuite-9', { name: { organisation: 'Borealis Timber' } }));
    await goldenRecords.place(customer('t3', 'netsuite', 'netsuite-9', { name: { organisation: 'Borealis Timber' } }));
    expect(doubtful.goldenId).not.toBe(kept.goldenId);
    const reviews = await steward.openReviews('t3', 50);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ leftKey: 'netsuite:netsuite-9', rightKey: 'product:p1', status: 'open' });
    expect(reviews[0]?.comparison.fields.find((f) => f.comparison === 'organisationName')).toMatchObject({ level: 'exact' });

    published = [];
    const decided = await steward.decide('t3', reviews[0]?.reviewId ?? '', 'merge', 'operator:ann', 'same company');
    expect(decided.review).toMatchObject({ status: 'merged', decidedBy: 'operator:ann' });
    expect(published).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ goldenId: doubtful.goldenId, status: 'merged', mergedInto: kept.goldenId }),
        expect.objectContaining({ goldenId: kept.goldenId, status: 'active', aliases: [doubtful.goldenId] }),
      ]),
    );
    await expect(steward.decide('t3', reviews[0]?.reviewId ?? '', 'keepApart', 'operator:ann', null)).rejects.toMatchObject({
      code: 'REVIEW_ALREADY_DECIDED',
    });
    expect(await steward.openReviews('t3', 50)).toEqual([]);
    const audit = await new OperatorAuditRepository(database.dataSource).listForTenant('t3', 10);
    expect(audit).toEqual([expect.objectContaining({ actor: 'operator:ann', action: 'match-review.merge', reason: 'same company' })]);

    const restarted = start();
    const viaAlias = await restarted.goldenRecords.goldenCustomer('t3', doubtful.goldenId ?? '');
    expect(viaAlias.goldenCustomer.goldenId).toBe(kept.goldenId);
    expect(viaAlias.goldenCustomer.aliases).toEqual([doubtful.goldenId]);
    expect(await repository.linksOf('t3')).toEqual({ mustLinks: [['netsuite:netsuite-9', 'product:p1']], cannotLinks: [] });
  });

  it('splits a wrong merge, keeps the parts apart after a restart, and refuses a split of a record not in it', async () => {
    const { goldenRecords, steward } = start();
    const a = await goldenRecords.place(customer('t4', 'product', 'p1', acme));
    await goldenRecords.place(customer('t4', 'netsuite', 'netsuite-1', { name: { organisation: 'Acme Holdings' }, taxId: 'GB123456789' }));
    const split = await steward.split('t4', a.goldenId ?? '', ['netsuite:netsuite-1'], 'operator:ann', 'a different legal entity');
    expect(split.goldenId).toBe(a.goldenId);
    expect(split.newGoldenId).not.toBe(a.goldenId);
    expect(await repository.linksOf('t4')).toEqual({ mustLinks: [], cannotLinks: [['netsuite:netsuite-1', 'product:p1']] });
    await expect(steward.split('t4', a.goldenId ?? '', ['product:p9'], 'operator:ann', null)).rejects.toMatchObject({
      code: 'INVALID_SPLIT',
    });

    const restarted = start();
    const replayed = await restarted.goldenRecords.place(
      customer('t4', 'netsuite', 'netsuite-1', { name: { organisation: 'Acme Holdings' }, taxId: 'GB123456789' }, 2),
    );
    expect(replayed.goldenId).toBe(split.newGoldenId);
  });

  it('never matches across tenants', async () => {
    const { goldenRecords } = start();
    const one = await goldenRecords.place(customer('t5', 'product', 'p1', acme));
    const other = await goldenRecords.place(customer('t6', 'product', 'p1', acme));
    expect(other.goldenId).not.toBe(one.goldenId);
    expect(await repository.sourceRecordsOf('t6')).toHaveLength(1);
  });
});
