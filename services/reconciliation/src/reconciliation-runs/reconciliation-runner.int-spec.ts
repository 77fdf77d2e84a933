import type { EntityMapping, ErpConnection, ReconciliationFinding } from '@ferry/contracts';
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
import { ReconciliationRunner } from './reconciliation-runner';
import { compareKeys } from './streaming-merge';

/**
 * Real: PostgreSQL with reconciliation's migrations, the runner, the service's API side. Faked: the ERP (an
 * in-memory Dataverse answering keyset pages, which can hang to play a replica that died mid-run), Kafka (a
 * producer that collects), the tenant configuration view.
 */
describe('a reconciliation run killed mid-way is resumed by another replica from its checkpoint', () => {
  let database: TestDatabase;
  const tenantId = 'acme';
  const ids = Array.from({ length: 25 }, (_, i) => `c-${String(i).padStart(2, '0')}`);
  const erpRecords: ErpRecord[] = ids
    .filter((id) => id !== 'c-07')
    .map((id) => ({
      erpRecordId: `g-${id}`,
      externalId: `ferry-${id}`,
      fields: { name: id === 'c-12' ? 'Renamed in Dynamics' : `Customer ${id}`, statecode: 0 },
      lastModified: id === 'c-12' ? '2026-11-21T00:00:00Z' : '2026-11-20T09:00:00Z',
    }));

  /** A Dataverse that answers keyset pages; with `hangAfterPages`, the next page never comes (the replica is gone). */
  function dataverse(hangAfterPages = Infinity) {
    const asked: (string | undefined)[] = [];
    const connector = {
      erpKind: 'dynamics365',
      upsert: () => Promise.reject(new Error('not used')),
      listRecords: () => Promise.reject(new Error('not used')),
      async *readInExternalIdOrder(_connection: ErpConnectionContext, _recordType: string, paging: ExternalIdPaging) {
        asked.push(paging.afterExternalId);
        let after = paging.afterExternalId;
        for (let page = 0; ; page++) {
          if (page >= hangAfterPages) await new Promise(() => undefined);
          const records = erpRecords.filter((r) => after === undefined || compareKeys(r.externalId!, after) > 0).slice(0, paging.pageSize);
          if (records.length === 0) return;
          yield records;
          after = records[records.length - 1]!.externalId!;
        }
      },
    } as ErpConnector;
    return { connector, asked };
  }

  const mapping = {
    ...latestTemplate('dynamics365')!.entities.customer!,
    entityType: 'customer',
    connectionId: 'd365',
  } as unknown as EntityMapping;
  const csvMapping = {
    entityType: 'customer',
    connectionId: 'drop',
    recordType: 'customers',
    externalIdExpression: 'x',
    fieldExpressions: {},
  } as EntityMapping;
  const configurations = {
    ready: async () => undefined,
    cached: () => ({
      tenantId,
      active: true,
      mappings: [mapping, csvMapping],
      connections: [
        {
          connectionId: 'd365',
          erpKind: 'dynamics365',
          baseUrl: 'https://acme.crm.dynamics.com',
          authKind: 'oauth2_client_credentials_secret',
        },
        { connectionId: 'drop', erpKind: 'csv_sftp', baseUrl: 'sftp://files.example.com', authKind: 'password' },
      ] as ErpConnection[],
    }),
  } as unknown as TenantConfigurationView;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

  function runner(instanceId: string, connector: ErpConnector, published: ReconciliationFinding[]) {
    const producer = {
      publish: async (messages: { value: unknown }[]) => void published.push(...messages.map((m) => m.value as ReconciliationFinding)),
    };
    return new ReconciliationRunner(
      new ReconciliationRunRepository(database.dataSource),
      new DeliveredRecordRepository(database.dataSource),
      configurations,
      producer as unknown as EventProducer,
      {} as SecretSealer,
      { dynamics365: connector },
      { instanceId, runs: { pollMs: 60_000, leaseMs: 300, pageSize: 5, clockSkewMs: 5_000 } } as ReconciliationConfig,
      logger,
    );
  }

  beforeAll(async () => {
    database = await openTestDatabase('reconciliation_runner', RECONCILIATION_MIGRATIONS);
    const books = new DeliveredRecordRepository(database.dataSource);
    for (const id of ids) {
      await books.recordCanonicalVersion({
        tenantId,
        entityType: 'customer',
        entityId: id,
        entityVersion: 1,
        body: { customerId: id, name: `Customer ${id}`, status: 'active' },
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
        entityVersion: 1,
        eventId: `e-${id}`,
        deliveredAt: Date.parse('2026-11-20T10:00:00Z'),
      });
    }
  });
  afterAll(() => database?.drop());

  it('replica A dies after two pages; replica B takes the run over once the lease ran out and finishes it: every finding once', async () => {
    const service = new ReconciliationService(new ReconciliationRunRepository(database.dataSource), configurations);
    const queued = (await service.enqueue(tenantId, 'on_demand'))!;

    const publishedByA: ReconciliationFinding[] = [];
    const dying = dataverse(2);
    void runner('replica-a', dying.connector, publishedByA).workOff();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const midway = await service.find(tenantId, queued.runId);
    expect(midway).toMatchObject({ status: 'running', progress: { recordsExpected: 25 } });

    const publishedByB: ReconciliationFinding[] = [];
    const healthy = dataverse();
    const b = runner('replica-b', healthy.connector, publishedByB);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await b.workOff();

    expect(healthy.asked).toEqual(['ferry-c-09']);
    const run = await service.find(tenantId, queued.runId);
    expect(run).toMatchObject({ status: 'partial', progress: { etaSeconds: 0 } });
    expect(run.findings!.map((f) => [(f as Record<string, unknown>)['external_id'], (f as Record<string, unknown>)['cause']])).toEqual([
      ['ferry-c-07', 'missing_in_erp'],
      ['ferry-c-12', 'erp_edited_after_delivery'],
    ]);
    expect([...publishedByA, ...publishedByB].map((f) => f.externalId)).toEqual(['ferry-c-07', 'ferry-c-12']);
    expect(run.summary).toMatchObject({
      units: [
        { connectionId: 'd365', outcome: 'completed', readMode: 'keyset_pages', counts: { booksRead: 25, erpRead: 24, inSync: 23 } },
        { connectionId: 'drop', outcome: 'unsupported', reason: 'csv_sftp connections cannot be read back' },
      ],
    });
    expect(await service.driftSummary(tenantId)).toMatchObject({
      runId: queued.runId,
      drift: { recordsChecked: 25, inSync: 23, drifted: 2, unsupported: [{ connectionId: 'drop' }] },
    });
  });
});
