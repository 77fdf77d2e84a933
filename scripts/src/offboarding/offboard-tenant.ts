import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { writeTarGz } from './tar-gz';

/** What an export needs: where to write, whom to ask, as whom. */
export interface TenantExportOptions {
  tenantId: string;
  /** Where the export folder, its .tar.gz and erasure-report.json are written. */
  outDir: string;
  /** Base URL per service: control-plane and every data service. */
  urls: Record<string, string>;
  /** The services other than the control plane whose data is exported and erased. */
  dataServices: readonly string[];
  /** An admin operator's token (FERRY_OPERATOR_TOKEN or a named operator's). */
  token: string;
  pageSize: number;
  progress: (line: string) => void;
}

export interface OffboardingOptions extends TenantExportOptions {
  /** How long to let events already in flight settle after the suspension, before the export. */
  settleMs: number;
}

interface Manifest {
  tables: { table: string; rows: number }[];
}
interface Page {
  rows: unknown[];
  nextOffset: number | null;
}

export interface ErasureReport {
  tenantId: string;
  startedAt: string;
  finishedAt: string;
  suspendedAtVersion: number;
  archive: string;
  exported: Record<string, Record<string, number>>;
  erased: Record<string, Record<string, number>>;
  tombstones: { topic: string; key: string }[];
  /** Rows found after a service's erasure (events that were in flight) and erased by the final check; not in the archive. */
  lateRows: Record<string, Record<string, number>>;
  totals: { exportedRows: number; erasedRows: number; tombstones: number };
}

/** A refused or failed call, with the service, what was asked and the answer (never the token). */
export class OffboardingCallError extends Error {}

async function call<T>(options: TenantExportOptions, service: string, method: 'GET' | 'POST', path: string): Promise<T> {
  const url = `${options.urls[service]}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { Authorization: `Bearer ${options.token}` } });
  } catch (error) {
    throw new OffboardingCallError(`${service} is not reachable at ${options.urls[service]}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new OffboardingCallError(`${service}: ${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);

/**
 * Exports everything every service holds for a tenant into `<out>/<tenant>-<time>/` (one NDJSON file per table,
 * manifest.json) and a .tar.gz of that folder; secrets are never exported. Offboarding runs it after the suspension;
 * `npm run tenant:export` runs it alone, for an active tenant (a copy of its data, its audit included, on request).
 */
export async function exportTenantArchive(
  options: TenantExportOptions,
  startedAt = new Date().toISOString(),
): Promise<{ archive: string; exported: Record<string, Record<string, number>> }> {
  const { tenantId, progress } = options;
  const tenant = encodeURIComponent(tenantId);
  const folderName = `${tenantId}-${startedAt.replace(/[:.]/g, '-')}`;
  const folder = join(options.outDir, folderName);
  await mkdir(folder, { recursive: true });
  const exported: Record<string, Record<string, number>> = {};
  const files: { path: string; file: string }[] = [];
  for (const service of ['control-plane', ...options.dataServices]) {
    const manifest = await call<Manifest>(options, service, 'GET', `/v1/tenants/${tenant}/export`);
    exported[service] = {};
    await mkdir(join(folder, service), { recursive: true });
    for (const { table, rows } of manifest.tables) {
      const file = join(folder, service, `${table}.ndjson`);
      const written = await exportTable(options, service, table, file);
      exported[service][table] = written;
      files.push({ path: `${folderName}/${service}/${table}.ndjson`, file });
      if (written < rows)
        throw new OffboardingCallError(`${service}.${table}: the manifest counted ${rows} rows, the export gave ${written}`);
    }
    progress(`exported ${service}: ${sum(exported[service])} rows in ${manifest.tables.length} tables`);
  }
  const manifestFile = join(folder, 'manifest.json');
  await writeFile(
    manifestFile,
    `${JSON.stringify({ tenantId, exportedAt: new Date().toISOString(), format: 'one NDJSON file per service table; secrets are never exported (sealed credentials redacted, key hashes left out)', rows: exported }, null, 2)}\n`,
  );
  files.unshift({ path: `${folderName}/manifest.json`, file: manifestFile });
  const archive = join(options.outDir, `${folderName}.tar.gz`);
  await writeTarGz(archive, files);
  progress(`archive written: ${archive}`);

  return { archive, exported };
}

/**
 * Offboards a tenant across Ferry: suspends it (control plane), exports everything every service holds for it
 * into `<out>/<tenant>-<time>/` (one NDJSON file per table, manifest.json) and a .tar.gz of that folder, erases it
 * from every service's database, then from the control plane with tombstones on the compacted topics, and writes
 * erasure-report.json. It stops at the first failure, before anything later is erased: run it again to finish.
 */
export async function offboardTenant(options: OffboardingOptions): Promise<ErasureReport> {
  const { tenantId, progress } = options;
  const tenant = encodeURIComponent(tenantId);
  const startedAt = new Date().toISOString();
  const started = await call<{ version: number; startedBy: string }>(options, 'control-plane', 'POST', `/v1/tenants/${tenant}/offboarding`);
  progress(`suspended ${tenantId} (configuration version ${started.version}, by ${started.startedBy})`);
  if (options.settleMs > 0) {
    progress(`letting events in flight settle for ${Math.round(options.settleMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  }

  const { archive, exported } = await exportTenantArchive(options, startedAt);

  const erased: Record<string, Record<string, number>> = {};
  for (const service of options.dataServices) {
    const erasure = await call<{ erased: Record<string, number> }>(options, service, 'POST', `/v1/tenants/${tenant}/erasure`);
    erased[service] = erasure.erased;
    progress(`erased ${service}: ${sum(erasure.erased)} rows`);
  }
  const final = await call<{ erased: Record<string, number>; tombstones: { topic: string; key: string }[] }>(
    options,
    'control-plane',
    'POST',
    `/v1/tenants/${tenant}/erasure`,
  );
  erased['control-plane'] = final.erased;
  progress(`erased control-plane: ${sum(final.erased)} rows, ${final.tombstones.length} tombstones written`);

  // Events in flight when the tenant was suspended may have landed rows after a service's erasure: look once more.
  const lateRows: Record<string, Record<string, number>> = {};
  for (const service of ['control-plane', ...options.dataServices]) {
    const left = (await call<Manifest>(options, service, 'GET', `/v1/tenants/${tenant}/export`)).tables.filter((t) => t.rows > 0);
    if (left.length === 0) continue;
    const again = await call<{ erased: Record<string, number> }>(options, service, 'POST', `/v1/tenants/${tenant}/erasure`);
    lateRows[service] = again.erased;
    for (const [table, rows] of Object.entries(again.erased)) erased[service]![table] = (erased[service]![table] ?? 0) + rows;
    progress(`erased ${service} again: ${sum(again.erased)} rows written after its first erasure (not in the archive)`);
  }

  const report: ErasureReport = {
    tenantId,
    startedAt,
    finishedAt: new Date().toISOString(),
    suspendedAtVersion: started.version,
    archive,
    exported,
    erased,
    tombstones: final.tombstones,
    lateRows,
    totals: {
      exportedRows: Object.values(exported).reduce((total, counts) => total + sum(counts), 0),
      erasedRows: Object.values(erased).reduce((total, counts) => total + sum(counts), 0),
      tombstones: final.tombstones.length,
    },
  };
  await writeFile(join(options.outDir, 'erasure-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Pages through one table's export into an NDJSON file; answers the rows written. */
async function exportTable(options: TenantExportOptions, service: string, table: string, file: string): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  try {
    for (let offset: number | null = 0; offset !== null;) {
      const page: Page = await call<Page>(
        options,
        service,
        'GET',
        `/v1/tenants/${encodeURIComponent(options.tenantId)}/export?table=${table}&offset=${offset}&limit=${options.pageSize}`,
      );
      for (const row of page.rows) if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      written += page.rows.length;
      offset = page.nextOffset;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return written;
}
