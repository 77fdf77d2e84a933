import { randomUUID } from 'node:crypto';
import type { ReconciliationFinding } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { DeliveredRecordRepository, type DeliveryReport } from './delivered-records/delivered-record.repository';
import { RECONCILIATION_MIGRATIONS } from './migrations/reconciliation-migrations';
import { ReconciliationRunRepository, type RunProgress } from './reconciliation/reconciliation-run.repository';

/** Real: PostgreSQL and reconciliation's migrations; nothing faked. */
describe("reconciliation's books and runs in a real PostgreSQL", () => {
  let database: TestDatabase;
  let books: DeliveredRecordRepository;
  let runs: ReconciliationRunRepository;
  const scope = { tenantId: 'acme', connectionId: 'd365', recordType: 'accounts' };

  beforeAll(async () => {
    database = await openTestDatabase('reconciliation', RECONCILIATION_MIGRATIONS);
    books = new DeliveredRecordRepository(database.dataSource);
    runs = new ReconciliationRunRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  const delivery = (externalId: string, entityVersion: number, overrides: Partial<DeliveryReport> = {}): DeliveryReport => ({
    tenantId: 'acme',
    connectionId: 'd365',
    recordType: 'accounts',
    externalId,
    erpRecordId: `g-${externalId}`,
    contentHash: `h-${entityVersion}`,
    entityType: 'customer',
    entityId: externalId.replace(/^ferry-/, ''),
    entityVersion,
    eventId: randomUUID(),
    deliveredAt: Date.parse('2026-11-20T10:00:00Z'),
    ...overrides,
  });

  describe('the books', () => {
    beforeAll(async () => {
      for (const id of ['c-2', 'B-1', 'c-1', 'a-1', 'c-10']) {
        await books.recordCanonicalVersion({
          tenantId: 'acme',
          entityType: 'customer',
          entityId: id,
          entityVersion: 1,
          body: { name: `${id} v1` },
        });
        await books.recordUnlessOlder(delivery(`ferry-${id}`, 1));
      }
      await books.recordCanonicalVersion({
        tenantId: 'acme',
        entityType: 'customer',
        entityId: 'c-1',
        entityVersion: 3,
        body: { name: 'c-1 v3' },
      });
      await books.recordCanonicalVersion({
        tenantId: 'acme',
        entityType: 'customer',
        entityId: 'c-1',
        entityVersion: 3,
        body: { name: 'ignored' },
      });
      await books.recordUnlessOlder(delivery('ferry-c-1', 3));
      await books.recordUnlessOlder(delivery('ferry-c-1', 2));
      await books.recordUnlessOlder(delivery('ferry-no-body', 1, { entityId: 'no-body' }));
      await books.recordUnlessOlder(delivery('ferry-other', 1, { connectionId: 'other' }));
    });

    it('pages by external id in byte order (upper case first), after a key, with the body of the version delivered', async () => {
      const first = await books.pageAfter(scope, undefined, 3);
      const second = await books.pageAfter(scope, first[first.length - 1]!.externalId, 3);
      const third = await books.pageAfter(scope, second[second.length - 1]!.externalId, 3);
      expect([...first, ...second, ...third].map((entry) => [entry.externalId, entry.entityVersion, entry.body])).toEqual([
        ['ferry-B-1', 1, { name: 'B-1 v1' }],
        ['ferry-a-1', 1, { name: 'a-1 v1' }],
        ['ferry-c-1', 3, { name: 'c-1 v3' }],
        ['ferry-c-10', 1, { name: 'c-10 v1' }],
        ['ferry-c-2', 1, { name: 'c-2 v1' }],
        ['ferry-no-body', 1, null],
      ]);
      expect(first[0]!.deliveredAt).toBe(Date.parse('2026-11-20T10:00:00Z'));
      expect(await books.countFor(scope)).toBe(6);
    });

    it('answers which external id an ERP id belongs to, for references', async () => {
      const known = await books.externalIdsOf('acme', 'd365', [
        { erpRecordType: 'accounts', erpRecordId: 'g-ferry-a-1' },
        { erpRecordType: 'accounts', erpRecordId: 'g-unknown' },
        { erpRecordType: 'invoices', erpRecordId: 'g-ferry-c-2' },
      ]);
      expect([...known.entries()]).toEqual([['accounts/g-ferry-a-1', 'ferry-a-1']]);
    });
  });

  describe('runs as jobs', () => {
    const progress = (afterExternalId: string): RunProgress => ({
      checkpoint: { unitIndex: 0, afterExternalId, units: [] },
      recordsRead: 10,
      recordsCompared: 5,
      findingsFound: 1,
      runningSeconds: 2,
      recordsExpected: 100,
    });
    const finding = (runId: string): ReconciliationFinding => ({
      findingId: randomUUID(),
      runId,
      tenantId: 'runs-tenant',
      connectionId: 'd365',
      erpKind: 'dynamics365',
      recordType: 'accounts',
      externalId: 'ferry-c-1',
      erpRecordId: 'g-1',
      kind: 'content_mismatch',
      expectedHash: null,
      actualHash: null,
      detectedAt: Date.now(),
      cause: 'erp_edited_after_delivery',
      fieldDifferences: [{ field: 'name', ferryValue: 'Acme', erpValue: 'Acme Ltd' }],
    });

    it('queues, claims one run per tenant, saves pages with findings, is taken over after its lease ran out, resumes from the checkpoint', async () => {
      const runId = randomUUID();
      expect(await runs.enqueue({ runId, tenantId: 'runs-tenant', trigger: 'on_demand' })).toBe(true);
      expect(await runs.enqueue({ runId: randomUUID(), tenantId: 'runs-tenant', trigger: 'scheduled' }, true)).toBe(false);

      const claimed = await runs.claimNext('replica-a', 60_000);
      expect(claimed).toMatchObject({ runId, tenantId: 'runs-tenant', checkpoint: null });
      expect(await runs.claimNext('replica-b', 60_000)).toBeUndefined();

      const saved = finding(runId);
      expect(await runs.savePage(runId, 'replica-a', 1, progress('ferry-c-1'), [saved])).toBe(true);
      expect(await runs.savePage(runId, 'replica-a', 1, progress('ferry-c-1'), [saved])).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));

      const takenOver = await runs.claimNext('replica-b', 60_000);
      expect(takenOver).toMatchObject({
        runId,
        checkpoint: { unitIndex: 0, afterExternalId: 'ferry-c-1' },
        recordsRead: 10,
        recordsCompared: 5,
      });
      expect(await runs.savePage(runId, 'replica-a', 60_000, progress('ferry-z'), [])).toBe(false);

      await runs.finish(runId, 'replica-b', 'completed', { units: [] });
      const stored = await runs.findWithFindings('runs-tenant', runId);
      expect(stored).toMatchObject({ status: 'completed', records_expected: '100', summary: { units: [] } });
      expect(stored!['findings']).toEqual([
        expect.objectContaining({
          external_id: 'ferry-c-1',
          cause: 'erp_edited_after_delivery',
          field_differences: saved.fieldDifferences,
        }),
      ]);
      expect(await runs.findWithFindings('other-tenant', runId)).toBeUndefined();
      expect(await runs.latestFinished('runs-tenant')).toMatchObject({ run_id: runId });
    });
  });
});
