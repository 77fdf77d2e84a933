import { randomUUID } from 'node:crypto';
import type { ReconciliationFinding } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { DeliveredRecordRepository, type DeliveryReport } from './delivered-records/delivered-record.repository';
import { CreateReconciliationTables1795400300000 } from './migrations/1795400300000-create-reconciliation-tables';
import { ReconciliationRunRepository } from './reconciliation/reconciliation-run.repository';

/** Real: PostgreSQL and reconciliation's migration; nothing faked. */
describe("reconciliation's books and runs in a real PostgreSQL", () => {
  let database: TestDatabase;
  let books: DeliveredRecordRepository;
  let runs: ReconciliationRunRepository;

  beforeAll(async () => {
    database = await openTestDatabase('reconciliation', [CreateReconciliationTables1795400300000]);
    books = new DeliveredRecordRepository(database.dataSource);
    runs = new ReconciliationRunRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  const delivery = (externalId: string, entityVersion: number, contentHash: string): DeliveryReport => ({
    tenantId: 'acme',
    connectionId: 'ns-main',
    recordType: 'customer',
    externalId,
    erpRecordId: `erp-${externalId}`,
    contentHash,
    entityVersion,
    eventId: randomUUID(),
    deliveredAt: Date.now(),
  });

  it('keeps the newest delivered version of each record: an older one arriving late does not replace it', async () => {
    await books.recordUnlessOlder(delivery('c-2', 1, 'h-c2'));
    await books.recordUnlessOlder(delivery('c-1', 3, 'h-new'));
    await books.recordUnlessOlder(delivery('c-1', 2, 'h-old'));
    expect(await books.listForRecordType('acme', 'ns-main', 'customer')).toEqual([
      { externalId: 'c-1', erpRecordId: 'erp-c-1', contentHash: 'h-new' },
      { externalId: 'c-2', erpRecordId: 'erp-c-2', contentHash: 'h-c2' },
    ]);
    expect(await books.listForRecordType('acme', 'ns-main', 'invoice')).toEqual([]);
  });

  it('stores a run from running to completed with its findings, and finds it only for its tenant', async () => {
    const runId = randomUUID();
    await runs.insertRunning({ runId, tenantId: 'acme', trigger: 'on_demand', startedAt: new Date() });
    const finding: ReconciliationFinding = {
      findingId: randomUUID(),
      runId,
      tenantId: 'acme',
      connectionId: 'ns-main',
      erpKind: 'netsuite',
      recordType: 'customer',
      externalId: 'c-1',
      erpRecordId: null,
      kind: 'missing_in_erp',
      expectedHash: 'h-new',
      actualHash: null,
      detectedAt: Date.now(),
    };
    await runs.insertFindings([finding]);
    await runs.markCompleted(runId, { results: [] });
    const stored = await runs.findWithFindings('acme', runId);
    expect(stored).toMatchObject({
      status: 'completed',
      summary: { results: [] },
      findings: [{ external_id: 'c-1', kind: 'missing_in_erp' }],
    });
    expect(await runs.findWithFindings('other-tenant', runId)).toBeUndefined();
  });

  it('marks a failed run with its reason', async () => {
    const runId = randomUUID();
    await runs.insertRunning({ runId, tenantId: 'acme', trigger: 'scheduled', startedAt: new Date() });
    await runs.markFailed(runId, 'ERP unreachable');
    expect(await runs.findWithFindings('acme', runId)).toMatchObject({ status: 'failed', error_message: 'ERP unreachable', findings: [] });
  });
});
