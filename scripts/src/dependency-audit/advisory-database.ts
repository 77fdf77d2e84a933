import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvAdvisory } from './dependency-audit';

export interface AdvisoryDatabase {
  advisories: OsvAdvisory[];
  /** Where they came from, and how current each source is, for the report. */
  sources: { name: string; advisories: number; updated: string | null }[];
}

/** Reads every *.json OSV record under a directory (an unpacked OSV or GHSA dump), recursively. */
function readOsvDirectory(directory: string): OsvAdvisory[] {
  const found: OsvAdvisory[] = [];
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) found.push(...readOsvDirectory(path));
    else if (entry.endsWith('.json')) {
      const record = JSON.parse(readFileSync(path, 'utf8')) as OsvAdvisory;
      if (record.id && (record.affected ?? []).some((affected) => affected.package?.ecosystem === 'npm')) found.push(record);
    }
  }
  return found;
}

/**
 * The advisories to check against: the committed seed (always), and the full npm database in the cache folder
 * when `--update` has filled it (it records when). An advisory in both counts once.
 */
export function loadAdvisories(options: { seedFile: string; cacheDir: string }): AdvisoryDatabase {
  const seed = JSON.parse(readFileSync(options.seedFile, 'utf8')) as { updated?: string; advisories: OsvAdvisory[] };
  const sources: AdvisoryDatabase['sources'] = [
    { name: options.seedFile, advisories: seed.advisories.length, updated: seed.updated ?? null },
  ];
  const byId = new Map(seed.advisories.map((advisory) => [advisory.id, advisory]));
  const osvDir = join(options.cacheDir, 'osv-npm');
  if (existsSync(osvDir)) {
    const cached = readOsvDirectory(osvDir);
    const stamp = join(options.cacheDir, 'UPDATED');
    sources.push({ name: osvDir, advisories: cached.length, updated: existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null });
    for (const advisory of cached) byId.set(advisory.id, advisory);
  }
  return { advisories: [...byId.values()], sources };
}
