import type { SystemOfRecordConflict } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateSystemOfRecordConflict1795402700000 } from '../migrations/1795402700000-create-system-of-record-conflict';
import { SystemOfRecordConflictRepository } from './system-of-record-conflict.repository';

/** Real: PostgreSQL and observability's migration; nothing faked. */
describe('system-of-record conflicts kept for the exception queue, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let conflicts: SystemOfRecordConflictRepository;
  const conflict = (findingId: string, overrides: Partial<SystemOfRecordConflict> = {}): SystemOfRecordConflict => ({
    findingId,
    tenantId: 'acme',
    connectionId: 'ns-main',
    erpKind: 'netsuite',
    domain: 'customer',
    recordType: 'customer',
    erpRecordId: '101',
    externalId: 'ferry-c-1',
    entityId: 'c-1',
    fieldGroup: 'identity',
    fieldPath: 'customer.name',
    owner: 'product',
    erpValueJson: '"Renamed"',
    keptValueJson: '"Acme"',
    changedAt: 1_000,
    detectedAt: 2_000,
    ...overrides,
  });

  beforeAll(async () => {
    database = await openTestDatabase('observability', [CreateSystemOfRecordConflict1795402700000]);
    conflicts = new SystemOfRecordConflictRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('keeps each finding once, lists a tenant’s newest first, and filters by customer and group', async () => {
    await conflicts.record(conflict('f-1'));
    await conflicts.record(conflict('f-1', { erpValueJson: '"redelivered"' }));
    await conflicts.record(conflict('f-2', { fieldGroup: 'taxId', fieldPath: 'customer.taxId', detectedAt: 3_000, erpValueJson: null }));
    await conflicts.record(conflict('f-3', { tenantId: 'other' }));
    const listed = await conflicts.list('acme', { limit: 10 });
    expect(listed.map((c) => [c.findingId, c.erpValueJson])).toEqual([
      ['f-2', null],
      ['f-1', '"Renamed"'],
    ]);
    expect(listed[1]).toMatchObject({ entityId: 'c-1', owner: 'product', changedAt: new Date(1_000), detectedAt: new Date(2_000) });
    expect((await conflicts.list('acme', { limit: 10, fieldGroup: 'identity' })).map((c) => c.findingId)).toEqual(['f-1']);
    expect(await conflicts.list('acme', { limit: 10, entityId: 'c-2' })).toEqual([]);
    expect((await conflicts.list('acme', { limit: 1 })).map((c) => c.findingId)).toEqual(['f-2']);
  });
});
