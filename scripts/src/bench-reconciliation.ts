import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReconciliationFinding } from '@ferry/contracts';
import { configureEgress, type ErpConnectionContext } from '@ferry/erp-core';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { latestTemplate } from '@ferry/erp-templates';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { writtenErpFieldsOf, canonicalReaderFor } from '@ferry/canonical-comparison';
import { DeliveredRecordRepository } from '../../services/reconciliation/src/delivered-records/delivered-record.repository';
import { RECONCILIATION_MIGRATIONS } from '../../services/reconciliation/src/migrations/reconciliation-migrations';
import { ReconciliationRunRepository } from '../../services/reconciliation/src/reconciliation/reconciliation-run.repository';
import { reconcileUnit, type UnitScope } from '../../services/reconciliation/src/reconciliation-runs/record-type-reconciler';
import { cliArgs } from './cli-args';
import {
  BENCH_DRIFT_KINDS,
  BENCH_DRIFT_OFFSETS,
  DELIVERED_AT,
  customerIdOf,
  externalIdOf,
  driftOf,
  expectedDrift,
  indexOfExternalId,
  periodOf,
  type BenchDriftKind,
} from './reconciliation/bench-drift-plan';

/**
 * npm run bench:reconciliation [-- --records 1000000 --drift 0.001 --page-size 5000]
 *
 * One tenant's customers in a Dynamics 365 simulator (its own process, keyset-paged reads over HTTP) and in Ferry's
 * books (a throwaway PostgreSQL database with reconciliation's migrations), a known share of each drift kind
 * injected, one full reconciliation of the unit as the service runs it (streaming merge, canonical comparison,
 * findings and checkpoint stored per page). Prints records/s, peak RSS and found/expected per drift kind, and as a
 * baseline measured in the same run, the time to only read both sides' pages (no comparison, nothing stored).
 * Then `--changes` (1000) changes, half edits in the ERP (through its API) and half deliveries in Ferry's books, and
 * one incremental run from a watermark taken before them: its time, what it read and found/expected.
 */
const print = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function startErp(records: number, drift: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [join(__dirname, 'bench-reconciliation-erp.js'), '--records', String(records), '--drift', String(drift)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ERP simulator exited with ${code ?? 'a signal'} before listening`)));
  });
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

async function loadBooks(database: TestDatabase, records: number, period: number): Promise<void> {
  const { missing_in_erp: _missing, unknown_in_erp: erpOnly, delivery_never_applied: neverApplied } = BENCH_DRIFT_OFFSETS;
  const id = `'c' || lpad(i::text, 8, '0')`;
  await database.dataSource.query(
    `INSERT INTO delivered_record (tenant_id, connection_id, record_type, external_id, erp_record_id, content_hash, entity_type, entity_id,
       entity_version, event_id, delivered_at)
     SELECT 'bench', 'd365', 'accounts', 'ferry-' || ${id}, 'guid-' || i, 'not-compared', 'customer', ${id}, 1, 'event-' || i, $2::timestamptz
     FROM generate_series(0, $1::int - 1) AS i WHERE i % $3::int <> $4::int`,
    [records, DELIVERED_AT, period, erpOnly],
  );
  await database.dataSource.query(
    `INSERT INTO canonical_version (tenant_id, entity_type, entity_id, entity_version, body)
     SELECT 'bench', 'customer', ${id}, 1, jsonb_build_object(
       'customerId', ${id},
       'name', CASE WHEN i % $2::int = $4::int THEN 'Customer ' || i || ' (version 2)' ELSE 'Customer ' || i END,
       'email', ${id} || '@example.com', 'status', 'active', 'currency', 'USD', 'isTestAccount', false)
     FROM generate_series(0, $1::int - 1) AS i WHERE i % $2::int <> $3::int`,
    [records, period, erpOnly, neverApplied],
  );
  await database.dataSource.query('ANALYZE delivered_record; ANALYZE canonical_version');
}

async function main(): Promise<void> {
  const args = cliArgs();
  const records = Number(args['records'] ?? 1_000_000);
  const drift = Number(args['drift'] ?? 0.001);
  const pageSize = Number(args['page-size'] ?? 5000);
  const changes = Number(args['changes'] ?? 1000);
  const period = periodOf(drift);
  const cpu = cpus();
  print(`bench:reconciliation  ${new Date().toISOString()}  node ${process.version}`);
  print(
    `machine               ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  print(`records               ${records.toLocaleString('en')} customers, ${drift * 100} % of each drift kind, page size ${pageSize}`);
  configureEgress({ localDevelopment: true, allowList: [] });

  let started = Date.now();
  const erp = await startErp(records, drift);
  print(`ERP loaded            Dynamics 365 simulator (own process) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  const database = await openTestDatabase('reconciliation_bench', RECONCILIATION_MIGRATIONS);
  try {
    await loadBooks(database, records, period);
    const booksLoadedAt = Date.now();
    print(`books loaded          PostgreSQL (throwaway database) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const books = new DeliveredRecordRepository(database.dataSource);
    const runs = new ReconciliationRunRepository(database.dataSource);
    const base = `http://127.0.0.1:${erp.port}`;
    const connection: ErpConnectionContext = {
      tenantId: 'bench',
      connectionId: 'd365',
      erpKind: 'dynamics365',
      authKind: 'oauth2_client_credentials_secret',
      baseUrl: `${base}/bench`,
      settings: { clientId: 'bench-client', tenantDirectoryId: 'bench-directory', tokenUrl: `${base}/bench-directory/oauth2/v2.0/token` },
      credentials: { clientSecret: 'bench-secret' },
    };
    const connector = new Dynamics365Connector(fetch, 120_000);
    const mapping = latestTemplate('dynamics365')!.entities.customer!;
    const scope: UnitScope = { tenantId: 'bench', connectionId: 'd365', erpKind: 'dynamics365', recordType: 'accounts' };
    await runs.enqueue({ runId: '00000000-0000-4000-8000-000000000001', tenantId: 'bench', trigger: 'on_demand' });
    const run = (await runs.claimNext('bench', 600_000))!;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const found = Object.fromEntries(BENCH_DRIFT_KINDS.map((kind) => [kind, 0])) as Record<BenchDriftKind, number>;
    const unexpected: ReconciliationFinding[] = [];
    started = Date.now();
    const result = await reconcileUnit(books, {
      runId: run.runId,
      scope,
      connection,
      connector,
      reader: canonicalReaderFor('dynamics365', 'accounts')!,
      writtenErpFields: writtenErpFieldsOf(mapping),
      pageSize,
      clockSkewMs: 5_000,
      onBatch: async ({ afterExternalId, findings, counts }) => {
        for (const finding of findings) {
          const injected = driftOf(indexOfExternalId(finding.externalId), period);
          if (injected && injected === finding.cause) found[injected] += 1;
          else unexpected.push(finding);
        }
        return runs.savePage(
          run.runId,
          'bench',
          600_000,
          {
            checkpoint: { unitIndex: 0, afterExternalId, units: [] },
            recordsRead: counts.booksRead + counts.erpRead,
            recordsCompared: counts.compared,
            findingsFound: 0,
            runningSeconds: (Date.now() - started) / 1000,
            recordsExpected: records,
          },
          findings,
        );
      },
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const counts = result!.counts;
    const keys = counts.inSync + Object.values(counts.byCause).reduce((a, b) => a + b, 0) + counts.notComparable;

    // Baseline, same run: only read both sides' pages (the floor a streaming reconciliation cannot beat).
    started = Date.now();
    let baselineRead = 0;
    for await (const page of connector.readInExternalIdOrder(connection, 'accounts', { pageSize })) baselineRead += page.length;
    for (
      let after: string | undefined, page = await books.pageAfter(scope, undefined, pageSize);
      page.length > 0;
      page = await books.pageAfter(scope, after, pageSize)
    ) {
      baselineRead += page.length;
      after = page[page.length - 1]!.externalId;
    }
    const baselineSeconds = (Date.now() - started) / 1000;

    const incremental = await incrementalRun({
      database,
      books,
      connector,
      connection,
      scope,
      pageSize,
      period,
      records,
      changes,
      booksLoadedAt,
    });

    const expected = expectedDrift(records, period);
    print('');
    print(
      `full reconciliation   ${keys.toLocaleString('en')} records (${counts.erpRead.toLocaleString('en')} ERP, ${counts.booksRead.toLocaleString('en')} books) in ${seconds.toFixed(1)} s = ${Math.round(keys / seconds).toLocaleString('en')} records/s`,
    );
    print(
      `baseline              reading both sides only: ${baselineRead.toLocaleString('en')} rows in ${baselineSeconds.toFixed(1)} s; reconciliation takes ${(seconds / baselineSeconds).toFixed(2)}× the read time`,
    );
    print(`peak RSS              ${mib(peakRss)} (this process: reconciliation; the simulator runs apart)`);
    print(`compared / in sync    ${counts.compared.toLocaleString('en')} / ${counts.inSync.toLocaleString('en')}`);
    print('drift kind                    found / expected');
    for (const kind of BENCH_DRIFT_KINDS)
      print(
        `  ${kind.padEnd(28)}${String(found[kind]).padStart(7)} / ${expected[kind]}${found[kind] === expected[kind] ? '' : '   MISSED'}`,
      );
    print(
      `  unexpected findings         ${String(unexpected.length).padStart(7)} / 0${unexpected.length ? `   e.g. ${JSON.stringify(unexpected[0])}` : ''}`,
    );
    print('');
    print(
      `incremental run       ${incremental.changes.toLocaleString('en')} changes (${incremental.erpEdits} ERP edits, ${incremental.deliveries} deliveries) after the last run: ${incremental.seconds.toFixed(2)} s; read ${incremental.counts.erpRead} ERP records (${incremental.counts.erpLookups ?? 0} by look-up) and ${incremental.counts.booksRead} books entries of ${records.toLocaleString('en')}`,
    );
    print(
      `                      found erp_edited_after_delivery ${incremental.counts.byCause.erp_edited_after_delivery} / ${incremental.erpEdits}, delivery_never_applied ${incremental.counts.byCause.delivery_never_applied} / ${incremental.deliveries}, other findings ${incremental.other} / 0`,
    );
    const incrementalOk =
      incremental.counts.byCause.erp_edited_after_delivery === incremental.erpEdits &&
      incremental.counts.byCause.delivery_never_applied === incremental.deliveries &&
      incremental.other === 0;
    const allFound = BENCH_DRIFT_KINDS.every((kind) => found[kind] === expected[kind]) && unexpected.length === 0 && incrementalOk;
    print('');
    print(`targets               all drift found, nothing else: ${allFound ? 'met' : 'MISSED'}`);
    if (records >= 1_000_000) {
      print(`                      1 M records < 60 s: ${seconds < 60 ? 'met' : `MISSED (${seconds.toFixed(1)} s)`}`);
      print(`                      < 512 MiB RSS: ${peakRss < 512 * 2 ** 20 ? 'met' : `MISSED (${mib(peakRss)})`}`);
    } else print(`                      time and memory targets apply to 1,000,000 records (--records 1000000)`);
    if (incremental.changes >= 1000)
      print(
        `                      incremental after 1,000 changes < 5 s: ${incremental.seconds < 5 ? 'met' : `MISSED (${incremental.seconds.toFixed(1)} s)`}`,
      );
    process.exitCode = allFound ? 0 : 1;
  } finally {
    erp.child.kill('SIGTERM');
    await database.drop();
  }
}

/**
 * After the full run: half the changes are edits in the ERP through its API (the connector's upsert, so Dataverse
 * stamps modifiedon), half new versions Ferry delivered (books only: the ERP never applied them). Then one
 * incremental run of the unit from a watermark taken before the changes, timed.
 */
async function incrementalRun(options: {
  database: TestDatabase;
  books: DeliveredRecordRepository;
  connector: Dynamics365Connector;
  connection: ErpConnectionContext;
  scope: UnitScope;
  pageSize: number;
  period: number;
  records: number;
  changes: number;
  booksLoadedAt: number;
}) {
  const { database, connector, connection, period, records } = options;
  const clockSkewMs = 5_000;
  // The books' canonical bodies were stored at load time: the window (watermark less the skew) must open after that.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.booksLoadedAt + clockSkewMs + 1_000 - Date.now())));
  const watermark = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 10));
  const available = Math.floor((records - 12) / period) + 1;
  const half = Math.max(0, Math.min(Math.floor(options.changes / 2), available));
  const erpEdited = Array.from({ length: half }, (_, k) => k * period + 10);
  const delivered = Array.from({ length: half }, (_, k) => k * period + 11);
  for (const index of erpEdited)
    await connector.upsert(connection, { recordType: 'accounts', externalId: externalIdOf(index), payload: { name: `Edited ${index}` } });
  const ids = delivered.map((index) => customerIdOf(index));
  await database.dataSource.query(
    `UPDATE delivered_record SET delivered_at = now(), entity_version = 2 WHERE tenant_id = 'bench' AND entity_id = ANY($1::text[])`,
    [ids],
  );
  await database.dataSource.query(
    `INSERT INTO canonical_version (tenant_id, entity_type, entity_id, entity_version, body)
     SELECT 'bench', 'customer', id, 2, jsonb_build_object('customerId', id, 'name', 'Version 2 of ' || id, 'email', id || '@example.com',
       'status', 'active', 'currency', 'USD', 'isTestAccount', false)
     FROM unnest($1::text[]) AS id`,
    [ids],
  );
  let other = 0;
  const started = Date.now();
  const result = await reconcileUnit(options.books, {
    runId: '00000000-0000-4000-8000-000000000002',
    scope: options.scope,
    connection,
    connector,
    reader: canonicalReaderFor('dynamics365', 'accounts')!,
    writtenErpFields: writtenErpFieldsOf(latestTemplate('dynamics365')!.entities.customer!),
    pageSize: options.pageSize,
    clockSkewMs,
    window: { erpChangedSince: new Date(watermark - clockSkewMs).toISOString(), booksChangedAfter: watermark - clockSkewMs },
    onBatch: async ({ findings }) => {
      other += findings.filter((finding) => {
        const index = indexOfExternalId(finding.externalId);
        return !(
          (finding.cause === 'erp_edited_after_delivery' && index % period === 10) ||
          (finding.cause === 'delivery_never_applied' && index % period === 11)
        );
      }).length;
      return true;
    },
  });
  return { seconds: (Date.now() - started) / 1000, counts: result!.counts, changes: 2 * half, erpEdits: half, deliveries: half, other };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:reconciliation failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
