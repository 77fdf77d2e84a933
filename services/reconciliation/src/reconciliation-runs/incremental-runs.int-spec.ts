import { randomUUID } from 'node:crypto';
import { FerryHeaders, SchemaCatalog, Topics, type EntityMapping, type ErpConnection, type ReconciliationFinding } from '@ferry/contracts';
import { OperatorAuditRepository } from '@ferry/database';
import type { ErpConnectionContext, ErpConnector, ErpRecord, ExternalIdPaging } from '@ferry/erp-core';
import { latestTemplate } from '@ferry/erp-templates';
import type { EventProducer } from '@ferry/kafka';
import type { SecretSealer } from '@ferry/secrets';
import type { TenantConfigurationView } from '@ferry/tenant-config';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { DeliveredRecordRepository } from '../delivered-records/delivered-record.repository';
import { RECONCILIATION_MIGRATIONS } from '../migrations/reconciliation-migrations';
import type { ReconciliationConfig } from '../reconciliation.config';
import { ReconciliationRunRepository } from '../reconciliation/reconciliation-run.repository';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { RepairService } from '../repairs/repair.service';
import { ReconciliationRunner } from './reconciliation-runner';
import { compareKeys } from './streaming-merge';

/**
 * Real: PostgreSQL with reconciliation's migrations (books, runs, watermarks), the runner, the service's API side.
 * Faked: the ERP (an in-memory Dataverse answering keyset pages with `changedSince` and look-ups, counting what it
 * returns), Kafka (a producer that collects), the tenant configuration view.
 */
describe('incremental reconciliation runs against real PostgreSQL', () => {
  let database: TestDatabase;
  let books: DeliveredRecordRepository;
  let runs: ReconciliationRunRepository;
  let service: ReconciliationService;
  const tenantId = 'acme';
  const ids = Array.from({ length: 40 }, (_, i) => `c-${String(i).padStart(2, '0')}`);
  const erp = new Map<string, ErpRecord>();
  const served = { listed: 0, lookedUp: 0, changedSince: [] as (string | undefined)[] };

  const connector = {
    erpKind: 'dynamics365',
    changeCursor: 'modifiedon',
    upsert: () => Promise.reject(new Error('not used')),
    listRecords: () => Promise.reject(new Error('not used')),
    lookup: async (_connection: ErpConnectionContext, _type: string, externalId: string) => {
      served.lookedUp += 1;
      return erp.get(externalId);
    },
    async *readInExternalIdOrder(_connection: ErpConnectionContext, _type: string, paging: ExternalIdPaging) {
      served.changedSince.push(paging.changedSince);
      let after = paging.afterExternalId;
      for (;;) {
        const page = [...erp.values()]
          .filter((r) => paging.changedSince === undefined || Date.parse(r.lastModified!) >= Date.parse(paging.changedSince))
          .filter((r) => after === undefined || compareKeys(r.externalId!, after) > 0)
          .sort((a, b) => compareKeys(a.externalId!, b.externalId!))
          .slice(0, paging.pageSize);
        if (page.length === 0) return;
        served.listed += page.length;
        yield page;
        after = page[page.length - 1]!.externalId!;
      }
    },
  } as ErpConnector;

  const mapping = {
    ...latestTemplate('dynamics365')!.entities.customer!,
    entityType: 'customer',
    connectionId: 'd365',
  } as unknown as EntityMapping;
  const configurations = {
    ready: async () => undefined,
    cached: () => ({
      tenantId,
      active: true,
      mappings: [mapping],
      connections: [
        {
          connectionId: 'd365',
          erpKind: 'dynamics365',
          baseUrl: 'https://acme.crm.dynamics.com',
          authKind: 'oauth2_client_credentials_secret',
        },
      ] as ErpConnection[],
    }),
  } as unknown as TenantConfigurationView;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
  const published: ReconciliationFinding[] = [];
  let incrementalRunId = '';
  const runner = () =>
    new ReconciliationRunner(
      runs,
      books,
      configurations,
      {
        publish: async (messages: { value: unknown }[]) => void published.push(...messages.map((m) => m.value as ReconciliationFinding)),
      } as unknown as EventProducer,
      {} as SecretSealer,
      { dynamics365: connector },
      { instanceId: 'replica-a', runs: { pollMs: 60_000, leaseMs: 30_000, pageSize: 7, clockSkewMs: 1_000 } } as ReconciliationConfig,
      logger,
    );

  async function deliver(id: string, version: number, name: string, deliveredAt: number): Promise<void> {
    await books.recordCanonicalVersion({
      tenantId,
      entityType: 'customer',
      entityId: id,
      entityVersion: version,
      body: { customerId: id, name, status: 'active' },
    });
    await books.recordUnlessOlder({
      tenantId,
      connectionId: 'd365',
      recordType: 'accounts',
      externalId: `ferry-${id}`,
      erpRecordId: `g-${id}`,
      contentHash: 'h',
      entityType: 'customer',
      entityId: id,
      entityVersion: version,
      eventId: randomUUID(),
      deliveredAt,
    });
  }
  const erpWrite = (id: string, name: string, at: number) =>
    erp.set(`ferry-${id}`, {
      erpRecordId: `g-${id}`,
      externalId: `ferry-${id}`,
      fields: { name, statecode: 0 },
      lastModified: new Date(at).toISOString(),
    });

  async function runOnce(mode?: 'full' | 'incremental') {
    served.listed = 0;
    served.lookedUp = 0;
    served.changedSince = [];
    published.length = 0;
    const queued = (await service.enqueue(tenantId, 'on_demand', mode ? { mode } : undefined))!;
    await runner().workOff();
    return service.find(tenantId, queued.runId);
  }

  beforeAll(async () => {
    database = await openTestDatabase('reconciliation_incremental', RECONCILIATION_MIGRATIONS);
    books = new DeliveredRecordRepository(database.dataSource);
    runs = new ReconciliationRunRepository(database.dataSource);
    service = new ReconciliationService(runs, configurations);
    const past = Date.now() - 3_600_000;
    for (const id of ids) {
      await deliver(id, 1, `Customer ${id}`, past);
      erpWrite(id, `Customer ${id}`, past + 500);
    }
    // The canonical bodies just stored must fall before the first run's window (its start less the clock skew).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
  });
  afterAll(() => database?.drop());

  it('the first incremental run has no watermark: it reads in full and says so; it sets the watermark', async () => {
    const run = await runOnce('incremental');
    expect(run).toMatchObject({ mode: 'incremental', status: 'completed' });
    expect(run.summary).toMatchObject({
      mode: 'incremental',
      units: [{ mode: 'full', note: expect.stringContaining('no completed run of this unit yet'), counts: { inSync: 40 } }],
    });
    expect(served).toMatchObject({ listed: 40, lookedUp: 0, changedSince: [undefined] });
    const watermark = (await runs.watermarksOf(tenantId)).get('d365/accounts');
    // The run's start as the API shows it (milliseconds) is the watermark (microseconds).
    expect(Math.floor(watermark!)).toBe(new Date(run.startedAt as Date).getTime());
  });

  it('the next incremental run reads only what changed on either side since, and finds the drift introduced meanwhile', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const now = Date.now();
    erpWrite('c-03', 'Renamed in Dynamics', now); // ERP edit after the last run
    await deliver('c-10', 2, 'Customer c-10 v2', now); // delivered and applied
    erpWrite('c-10', 'Customer c-10 v2', now + 10);
    await deliver('c-20', 2, 'Customer c-20 v2', now); // delivered, never applied (ERP unchanged)
    await deliver('c-30', 2, 'Customer c-30 v2', now); // delivered, then deleted from the ERP
    erp.delete('ferry-c-30');

    const run = await runOnce('incremental');
    incrementalRunId = run.runId;
    expect(run).toMatchObject({ status: 'completed' });
    expect(served.changedSince).toHaveLength(1);
    expect(served.changedSince[0]).toBeDefined();
    expect(served.listed).toBe(2); // c-03 and c-10: nothing else was read from the ERP's listing
    expect(served.lookedUp).toBe(2); // c-20 and c-30: delivered since, not changed in the ERP
    expect(run.summary).toMatchObject({
      units: [{ mode: 'incremental', readMode: 'changed_keyset_pages', counts: { booksRead: 4, inSync: 1 } }],
    });
    expect(run.findings!.map((f) => [(f as Record<string, unknown>)['external_id'], (f as Record<string, unknown>)['cause']])).toEqual([
      ['ferry-c-03', 'erp_edited_after_delivery'],
      ['ferry-c-20', 'delivery_never_applied'],
      ['ferry-c-30', 'missing_in_erp'],
    ]);
    expect(published).toHaveLength(3);
  });

  it('repairs re-deliver the latest canonical version of records the ERP drifted from: a dry run first, then once, audited', async () => {
    const sent: { topic: string; key: string; subject: string; value: Record<string, unknown>; headers: Record<string, string> }[] = [];
    const producer = { publish: async (message: (typeof sent)[number]) => void sent.push(message) } as unknown as EventProducer;
    const audit = new OperatorAuditRepository(database.dataSource);
    const repairs = new RepairService(runs, books, SchemaCatalog.load(), producer, audit, logger);

    const dry = await repairs.repair({ tenantId, runId: incrementalRunId, actor: 'operator:alice', dryRun: true });
    expect(dry.items.map((item) => [item.externalId, item.outcome])).toEqual([
      ['ferry-c-03', 'would_redeliver'],
      ['ferry-c-20', 'would_redeliver'],
      ['ferry-c-30', 'refused'],
    ]);
    expect(dry.items[1]!.redelivery).toMatchObject({
      entityType: 'customer',
      entityId: 'c-20',
      entityVersion: 2,
      topic: Topics.canonicalEvents,
    });
    expect(sent).toHaveLength(0);

    const ids = dry.items.slice(0, 2).map((item) => item.findingId);
    const done = await repairs.repair({
      tenantId,
      runId: incrementalRunId,
      actor: 'operator:alice',
      dryRun: false,
      findingIds: ids,
      reason: 'OPS-42',
    });
    expect(done.items.map((item) => item.outcome)).toEqual(['redelivered', 'redelivered']);
    expect(
      sent.map((m) => [
        m.key,
        m.subject,
        m.headers[FerryHeaders.replayConnection],
        (m.value['envelope'] as { entityVersion: number }).entityVersion,
      ]),
    ).toEqual([
      ['acme:customer:c-03', 'io.ferry.customer.v1.CustomerUpserted', 'd365', 1],
      ['acme:customer:c-20', 'io.ferry.customer.v1.CustomerUpserted', 'd365', 2],
    ]);
    expect(sent[1]!.value['customer']).toEqual({ customerId: 'c-20', name: 'Customer c-20 v2', status: 'active' });

    const again = await repairs.repair({ tenantId, runId: incrementalRunId, actor: 'operator:bob', dryRun: false, findingIds: ids });
    expect(again.items.map((item) => item.reason?.split(':')[0])).toEqual(['ALREADY_REPAIRED', 'ALREADY_REPAIRED']);
    expect(sent).toHaveLength(2);
    const [entry] = (await database.dataSource.query(
      `SELECT actor, action, reason, after FROM operator_audit WHERE tenant_id = $1 AND action = 'reconciliation.repair' ORDER BY at LIMIT 1`,
      [tenantId],
    )) as { actor: string; action: string; reason: string; after: { items: { outcome: string }[] } }[];
    expect(entry).toMatchObject({
      actor: 'operator:alice',
      reason: 'OPS-42',
      after: { items: [{ outcome: 'redelivered' }, { outcome: 'redelivered' }] },
    });
  });

  it('a full run still reads everything, whatever the watermark', async () => {
    const run = await runOnce('full');
    expect(run.summary).toMatchObject({ units: [{ mode: 'full', counts: { booksRead: 40 } }] });
    expect(served.listed).toBe(39);
    expect(served.changedSince).toEqual([undefined]);
  });

  it('a canonical body that reaches the books after the watermark puts its record in the next window', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const watermark = (await runs.watermarksOf(tenantId)).get('d365/accounts')!;
    const page = await books.changedPageAfter({ tenantId, connectionId: 'd365', recordType: 'accounts' }, undefined, watermark, 100);
    expect(page).toEqual([]);
    // Version 3 of c-05 delivered long ago (the sync status came first); its body arrives only now.
    await books.recordUnlessOlder({
      tenantId,
      connectionId: 'd365',
      recordType: 'accounts',
      externalId: 'ferry-c-05',
      erpRecordId: 'g-c-05',
      contentHash: 'h',
      entityType: 'customer',
      entityId: 'c-05',
      entityVersion: 3,
      eventId: randomUUID(),
      deliveredAt: watermark - 3_600_000,
    });
    await books.recordCanonicalVersion({ tenantId, entityType: 'customer', entityId: 'c-05', entityVersion: 3, body: { name: 'late' } });
    const after = await books.changedPageAfter({ tenantId, connectionId: 'd365', recordType: 'accounts' }, undefined, watermark, 100);
    expect(after.map((entry) => [entry.externalId, entry.body])).toEqual([['ferry-c-05', { name: 'late' }]]);
    expect(await books.changedPageAfter({ tenantId, connectionId: 'd365', recordType: 'accounts' }, 'ferry-c-05', watermark, 100)).toEqual(
      [],
    );
  });

  it('a watermark moves only for units a run completed, and never backwards', async () => {
    const before = (await runs.watermarksOf(tenantId)).get('d365/accounts')!;
    const finishQueued = async (
      tenant: string,
      startedAt: number,
      status: string,
      completed: { connectionId: string; recordType: string }[],
    ) => {
      const runId = randomUUID();
      await runs.enqueue({ runId, tenantId: tenant, trigger: 'on_demand' });
      await database.dataSource.query(`UPDATE reconciliation_run SET started_at = to_timestamp($2 / 1000.0) WHERE run_id = $1`, [
        runId,
        startedAt,
      ]);
      expect((await runs.claimNext('replica-x', 30_000))?.runId).toBe(runId);
      await runs.finish(runId, 'replica-x', status, { units: [] }, undefined, completed);
    };
    const unit = [{ connectionId: 'd365', recordType: 'accounts' }];
    // An older run of the same unit finishing late cannot move the watermark back.
    await finishQueued(tenantId, before - 60_000, 'completed', unit);
    expect((await runs.watermarksOf(tenantId)).get('d365/accounts')).toBe(before);
    // Another tenant's run moves only its own.
    await finishQueued('other', before + 60_000, 'completed', unit);
    expect((await runs.watermarksOf(tenantId)).get('d365/accounts')).toBe(before);
    expect((await runs.watermarksOf('other')).get('d365/accounts')).toBe(before + 60_000);
    // A run that completed no unit sets none.
    await finishQueued('third', before, 'failed', []);
    expect((await runs.watermarksOf('third')).size).toBe(0);
  });
});
