import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateErpStatusFile1795403100000 } from '../../migrations/1795403100000-create-erp-status-file';
import { ErpStatusFileRepository, type FoundStatusFile } from './erp-status-file.repository';

/** Real: PostgreSQL and inbound-sync's migration; nothing faked. */
describe('Ferry’s books of the status export files it read, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let files: ErpStatusFileRepository;
  const file: FoundStatusFile = {
    tenantId: 'acme',
    connectionId: 'legacy',
    fileName: 'status_20261202.csv',
    sha256: 'a'.repeat(64),
    sizeBytes: 120,
    modifiedAt: new Date('2026-12-02T08:00:00Z'),
  };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync_status_files', [CreateErpStatusFile1795403100000]);
    files = new ErpStatusFileRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('walks a file from never seen through claimed and published to archived', async () => {
    expect(await files.stateOf(file)).toBeUndefined();
    await files.claim(file);
    expect(await files.stateOf(file)).toBe('claimed');
    await files.markPublished(file, 3, 1);
    expect(await files.stateOf(file)).toBe('published');
    await files.markArchived(file);
    expect(await files.stateOf(file)).toBe('archived');
    const { rows_published, rows_parked, size_bytes } = (
      (await database.dataSource.query(`SELECT rows_published, rows_parked, size_bytes FROM erp_status_file`)) as Record<string, unknown>[]
    )[0]!;
    expect({ rows_published, rows_parked, size_bytes }).toEqual({ rows_published: 3, rows_parked: 1, size_bytes: '120' });
  });

  it('never moves a published file back: claiming it again (the same file uploaded again) keeps its state', async () => {
    await files.claim(file);
    await files.markPublished(file, 99, 0);
    expect(await files.stateOf(file)).toBe('archived');
    await files.markRejected(file, 'should not stick');
    expect(await files.stateOf(file)).toBe('archived');
  });

  it('tells the same name with other content, another connection and another tenant apart', async () => {
    expect(await files.stateOf({ ...file, sha256: 'b'.repeat(64) })).toBeUndefined();
    expect(await files.stateOf({ ...file, connectionId: 'other' })).toBeUndefined();
    expect(await files.stateOf({ ...file, tenantId: 'globex' })).toBeUndefined();
  });

  it('records a malformed file as rejected, with its reason', async () => {
    const malformed = { ...file, fileName: 'broken.csv' };
    await files.markRejected(malformed, 'the header lacks ERP_ID');
    expect(await files.stateOf(malformed)).toBe('rejected');
  });
});
