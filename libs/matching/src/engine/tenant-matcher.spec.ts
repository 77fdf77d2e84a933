import { recordKey } from '../record/customer-record';
import { resolveMatchSettings } from '../settings/default-settings';
import { matchBatch } from './batch';
import { population, partition, shuffled } from './__fixtures__/population';
import { MatchingEngine } from './matching-engine';
import { TenantMatcher } from './tenant-matcher';

// Fewer random pairs than the default keeps the spec quick; the estimates are still stable on 400 records.
const settings = resolveMatchSettings({ profile: 'person', estimation: { randomPairs: 20_000 } });
const { records, personOf } = population(300, 11);
const keys = records.map((r) => recordKey({ source: r.source ?? 'default', id: r.id }));
const reference = matchBatch('tenant-a', settings, records);
const goldenIds = (matcher: TenantMatcher) => new Map(keys.map((key) => [key, matcher.goldenIdOf(key)]));

describe('TenantMatcher on a population with known duplicates', () => {
  it('puts duplicates together and keeps different people apart (EM-fitted, no labels)', () => {
    const found = partition((key) => reference.matcher.goldenIdOf(key), keys);
    const truth = partition((key) => String(personOf.get(key)), keys);
    expect(found).toEqual(truth);
  });

  it('EM on a hash-chosen sample of the records (maxTrainingRecords) still finds the same clusters', () => {
    const sampled = resolveMatchSettings({ profile: 'person', estimation: { randomPairs: 20_000, maxTrainingRecords: 150 } });
    const { matcher, model } = matchBatch('tenant-a', sampled, records);
    expect(model.estimation?.candidatePairs).toBeLessThan(reference.model.estimation?.candidatePairs ?? 0);
    expect(partition((key) => matcher.goldenIdOf(key), keys)).toEqual(partition((key) => String(personOf.get(key)), keys));
  });

  it.each([1, 2, 3])('batch: the same clusters and the same golden ids whatever the arrival order (shuffle %p)', (seed) => {
    const again = matchBatch('tenant-a', settings, shuffled(records, seed));
    expect(again.model).toEqual(reference.model);
    expect(goldenIds(again.matcher)).toEqual(goldenIds(reference.matcher));
  });

  it.each([4, 5, 6])('incremental: upserting one record at a time gives the batch clusters in any order (shuffle %p)', (seed) => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    for (const record of shuffled(records, seed)) matcher.upsert(record);
    expect(partition((key) => matcher.goldenIdOf(key), keys)).toEqual(partition((key) => reference.matcher.goldenIdOf(key), keys));
  });

  it('re-ingesting the same records changes nothing', () => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    for (const record of records) matcher.upsert(record);
    const before = matcher.clusterState();
    const outcomes = shuffled(records, 9).map((record) => matcher.upsert(record));
    expect(new Set(outcomes.map((o) => o.decision))).toEqual(new Set(['unchanged']));
    expect(outcomes.flatMap((o) => o.events)).toEqual([]);
    expect(matcher.clusterState()).toEqual(before);
  });

  it('a new record joins an existing golden record without renaming it', () => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    const first = matcher.upsert(records[0] ?? { id: 'x' });
    const duplicate = matcher.upsert({ ...structuredClone(records[0] ?? { id: 'x' }), id: 'late', source: 'erp' });
    expect(first.decision).toBe('created');
    expect(duplicate).toMatchObject({ decision: 'joined', goldenId: first.goldenId });
    expect(duplicate.links[0]).toMatchObject({ recordKey: first.recordKey });
  });

  it('an update keeps the record in its golden record and reports it as updated', () => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    const created = matcher.upsert({ id: '1', source: 'crm', name: { given: 'Anne', family: 'Smith' }, email: 'anne@example.com' });
    const updated = matcher.upsert({ id: '1', source: 'crm', name: { given: 'Anne', family: 'Smith' }, email: 'anne@new.example' });
    expect(updated).toMatchObject({ decision: 'updated', goldenId: created.goldenId });
    expect(matcher.goldenRecord(created.goldenId).fields['email']?.value).toBe('anne@new.example');
  });
});

describe('deterministic rules, review and steward decisions', () => {
  const anne = {
    id: '1',
    source: 'crm',
    name: { given: 'Anne', family: 'Smith' },
    birthDate: '1980-02-03',
    address: { postcode: '2119', locality: 'cleveland' },
  };

  it.each([
    [
      'the same tax id',
      { id: '2', source: 'erp', name: { given: 'A', family: 'Smyth-Jones' }, taxId: 'AU-123 456' },
      { taxId: 'au123456' },
      'taxId',
    ],
    [
      'a cross-reference to the other record',
      { id: 'C42', source: 'erp', name: { given: 'Zed' } },
      { externalIds: [{ system: 'erp', id: 'C42' }] },
      'crossReference',
    ],
  ])('links on %s without scoring', (_, other, extra, rule) => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    const first = matcher.upsert({ ...anne, ...extra });
    const second = matcher.upsert(other);
    expect(second.goldenId).toBe(first.goldenId);
    expect(second.links[0]).toMatchObject({ rule, probability: 1 });
  });

  it('puts a pair between the thresholds up for review; rejecting keeps them apart for good, must-link merges', () => {
    // The prior model (no training yet) scores 'Ann Smith, 2119' against 'Anne Smith, 2119 cleveland' at 0.94.
    const matcher = new TenantMatcher('tenant-a', settings);
    const first = matcher.upsert(anne);
    const close = matcher.upsert({ id: '2', source: 'erp', name: { given: 'Ann', family: 'Smith' }, address: { postcode: '2119' } });
    expect(close.goldenId).not.toBe(first.goldenId);
    expect(close.reviews.map((r) => r.recordKey)).toEqual(['crm:1']);
    expect(matcher.explain('erp:2', 'crm:1').fields.find((f) => f.comparison === 'givenName')).toMatchObject({
      left: 'ann',
      right: 'anne',
    });

    matcher.cannotLink('erp:2', 'crm:1', 'steward@tenant');
    const again = matcher.upsert({
      id: '2',
      source: 'erp',
      name: { given: 'Ann', family: 'Smith' },
      address: { postcode: '2119', locality: 'cleveland' },
    });
    expect(again.goldenId).not.toBe(first.goldenId);
    expect(again.reviews).toEqual([]);

    const other = matcher.upsert({ id: '3', source: 'erp', name: { given: 'Bob', family: 'Jones' } });
    matcher.mustLink('erp:3', 'crm:1', 'steward@tenant');
    expect(matcher.goldenIdOf('erp:3')).toBe(first.goldenId);
    expect(other.goldenId).not.toBe(first.goldenId);
  });

  it('a split holds: the moved record does not merge back when it is sent again with changes', () => {
    const matcher = new TenantMatcher('tenant-a', settings, { model: reference.model });
    const first = matcher.upsert(anne);
    matcher.upsert({ ...anne, id: '2', source: 'erp' });
    expect(matcher.goldenIdOf('erp:2')).toBe(first.goldenId);
    matcher.split(first.goldenId, ['erp:2'], 'steward@tenant');
    const resent = matcher.upsert({ ...anne, id: '2', source: 'erp', email: 'anne@example.com' });
    expect(resent.goldenId).not.toBe(first.goldenId);
    expect(matcher.goldenIdOf('crm:1')).toBe(first.goldenId);
  });
});

describe('MatchingEngine', () => {
  it('never matches across tenants: each tenant has its own records and golden ids', () => {
    const engine = new MatchingEngine(
      () => ({ profile: 'person' }),
      () => ({ model: reference.model }),
    );
    const record = records[0] ?? { id: 'x' };
    const inA = engine.upsert('tenant-a', record);
    const inB = engine.upsert('tenant-b', record);
    const duplicateInB = engine.upsert('tenant-b', { ...structuredClone(record), id: 'dup', source: 'erp' });
    expect(inB.goldenId).not.toBe(inA.goldenId);
    expect(inB.decision).toBe('created');
    expect(duplicateInB.goldenId).toBe(inB.goldenId);
    expect(engine.tenant('tenant-a').recordCount).toBe(1);
    expect(engine.tenant('tenant-b').recordCount).toBe(2);
  });

  it('refuses a blank tenant id', () => {
    const engine = new MatchingEngine(() => ({ profile: 'person' }));
    expect(() => engine.tenant(' ')).toThrow(expect.objectContaining({ code: 'invalid-tenant' }));
  });
});
