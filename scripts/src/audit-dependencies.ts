import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAdvisories } from './dependency-audit/advisory-database';
import {
  findVulnerabilities,
  productionPackages,
  type AcceptedRisk,
  type Finding,
  type Severity,
} from './dependency-audit/dependency-audit';
import { cliArgs } from './cli-args';

const root = resolve(__dirname, '..', '..', '..');
const SEED = join(root, 'security', 'advisories', 'npm-seed.json');
const EXCEPTIONS = join(root, 'security', 'advisory-exceptions.json');
const CACHE = join(root, '.ferry', 'advisories');
/** OSV's published dump of every npm advisory (GHSA and malicious-package reports), one JSON file each. */
const OSV_NPM_DUMP = 'https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip';

const say = (line: string) => process.stdout.write(`${line}\n`);
const line = (finding: Finding) =>
  `  ${finding.severity.toUpperCase().padEnd(8)} ${finding.package.name}@${finding.package.version}  ${finding.advisory}${
    finding.aliases.length ? ` (${finding.aliases.join(', ')})` : ''
  }  ${finding.summary}\n           at ${finding.package.path}`;

/** Fills the cache from an OSV npm dump: a directory, a zip file, or (where the network allows) OSV's own. */
async function update(from: string | undefined): Promise<number> {
  const target = join(CACHE, 'osv-npm');
  const work = mkdtempSync(join(tmpdir(), 'ferry-advisories-'));
  try {
    let source = from ? resolve(from) : join(work, 'all.zip');
    if (!from) {
      say(`security: downloading ${OSV_NPM_DUMP}`);
      try {
        const response = await fetch(OSV_NPM_DUMP, { signal: AbortSignal.timeout(120_000) });
        if (!response.ok) throw new Error(`answered ${response.status}`);
        writeFileSync(source, Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        say(
          `security: cannot download the OSV npm dump (${(error as Error).message}). On a machine that can, download ${OSV_NPM_DUMP} and run: npm run security:advisories -- --from <all.zip or unpacked folder>`,
        );
        return 2;
      }
    }
    if (!existsSync(source)) throw new Error(`${source} does not exist`);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    if (statSync(source).isDirectory()) cpSync(source, target, { recursive: true });
    else {
      execFileSync('unzip', ['-q', '-o', source, '-d', target]);
      source = target;
    }
    writeFileSync(join(CACHE, 'UPDATED'), `${new Date().toISOString().slice(0, 10)}\n`);
    const { sources } = loadAdvisories({ seedFile: SEED, cacheDir: CACHE });
    say(`security: ${sources.at(-1)?.advisories ?? 0} npm advisories cached in ${target}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function daysSince(date: string | null): number | undefined {
  return date ? Math.floor((Date.now() - Date.parse(date)) / 86_400_000) : undefined;
}

/**
 * npm run security:audit [-- --lock <package-lock.json> --min-severity high|critical|moderate]
 * npm run security:advisories [-- --from <OSV npm dump: all.zip or folder>]
 *
 * Fails (exit 1) when a production dependency in the lock file has a known advisory at or above the minimum
 * severity, naming package, version, advisory and where it sits in the tree. Works offline: npm's audit
 * endpoint is not reachable from every machine Ferry is built on, so advisories come from the committed seed
 * (security/advisories/npm-seed.json) plus, when present, the full OSV npm database cached in .ferry/advisories.
 * Accepted risks, each with a reason and an end date, live in security/advisory-exceptions.json.
 */
async function main(): Promise<number> {
  const args = cliArgs();
  if (args['update'] || args['from']) return update(args['from']);
  const lockFile = resolve(args['lock'] ?? join(root, 'package-lock.json'));
  const minSeverity = (args['min-severity'] ?? 'high') as Exclude<Severity, 'unknown'>;
  if (!['critical', 'high', 'moderate', 'low'].includes(minSeverity))
    throw new Error('--min-severity must be critical, high, moderate or low');
  const database = loadAdvisories({ seedFile: SEED, cacheDir: CACHE });
  const packages = productionPackages(JSON.parse(readFileSync(lockFile, 'utf8')) as never);
  const accepted = existsSync(EXCEPTIONS) ? (JSON.parse(readFileSync(EXCEPTIONS, 'utf8')) as { accepted: AcceptedRisk[] }).accepted : [];
  const result = findVulnerabilities(packages, database.advisories, { minSeverity, accepted });

  say(`security: ${packages.length} production packages in ${lockFile}, checked against ${database.advisories.length} advisories`);
  for (const source of database.sources) {
    const age = daysSince(source.updated);
    say(
      `  ${source.advisories} from ${source.name} (updated ${source.updated ?? 'unknown'}${age === undefined ? '' : `, ${age} days ago`})`,
    );
  }
  const newest = Math.min(...database.sources.map((source) => daysSince(source.updated) ?? Number.POSITIVE_INFINITY));
  if (database.sources.length === 1)
    say(
      'security: WARNING only the seed was checked; fill the full database with npm run security:advisories (needs OSV or a copy of its npm dump)',
    );
  else if (newest > 30) say(`security: WARNING the advisories are ${newest} days old; refresh them with npm run security:advisories`);
  for (const finding of result.accepted)
    say(`security: accepted until its end date (security/advisory-exceptions.json):\n${line(finding)}`);
  for (const finding of result.unknownSeverity)
    say(`security: WARNING an advisory without a severity affects a production package:\n${line(finding)}`);
  if (result.failing.length > 0) {
    say(
      `security: ${result.failing.length} known ${minSeverity}-or-worse advisor${result.failing.length === 1 ? 'y' : 'ies'} in production dependencies:`,
    );
    result.failing.forEach((finding) => say(line(finding)));
    say(
      'security: upgrade (npm install <package>@<fixed version>, or an overrides entry for a transitive one), or accept the risk with a reason and an end date in security/advisory-exceptions.json',
    );
    return 1;
  }
  say(`security: no known ${minSeverity}-or-worse advisories in production dependencies`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`security: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
