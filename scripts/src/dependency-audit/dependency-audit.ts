import semver from 'semver';

/** An advisory in the OSV format (https://ossf.github.io/osv-schema/), as OSV and the GitHub Advisory Database publish them. */
export interface OsvAdvisory {
  id: string;
  aliases?: string[];
  summary?: string;
  withdrawn?: string;
  affected?: {
    package?: { ecosystem?: string; name?: string };
    ranges?: { type: string; events: { introduced?: string; fixed?: string; last_affected?: string; limit?: string }[] }[];
    versions?: string[];
  }[];
  database_specific?: { severity?: string };
}

export type Severity = 'critical' | 'high' | 'moderate' | 'low' | 'unknown';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Where the lock file puts it, e.g. node_modules/soap/node_modules/xml-crypto. */
  path: string;
}

export interface Finding {
  advisory: string;
  aliases: string[];
  severity: Severity;
  summary: string;
  package: InstalledPackage;
}

export interface AcceptedRisk {
  advisory: string;
  package: string;
  reason: string;
  /** ISO date after which the exception no longer applies. */
  until: string;
}

/**
 * The packages a production install gets, from an npm lock file (lockfileVersion 2 or 3): every entry npm does
 * not mark dev or devOptional. Workspace links and the root are not packages from the registry.
 */
export function productionPackages(lock: {
  lockfileVersion?: number;
  packages?: Record<string, Record<string, unknown>>;
}): InstalledPackage[] {
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2)
    throw new Error('package-lock.json must be lockfileVersion 2 or 3 (npm 7+); run npm install with a current npm');
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    if (path === '' || !path.includes('node_modules/') || entry['link'] || entry['dev'] || entry['devOptional']) return [];
    const name = typeof entry['name'] === 'string' ? entry['name'] : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const version = entry['version'];
    return typeof version === 'string' ? [{ name, version, path }] : [];
  });
}

/** GHSA's severity word; malicious-package reports (MAL-…) are critical; anything else unknown. */
export function severityOf(advisory: OsvAdvisory): Severity {
  const word = advisory.database_specific?.severity?.toLowerCase();
  if (word === 'critical' || word === 'high' || word === 'moderate' || word === 'low') return word;
  if (word === 'medium') return 'moderate';
  return advisory.id.startsWith('MAL-') ? 'critical' : 'unknown';
}

/** Whether a version falls in one OSV SEMVER/ECOSYSTEM range (events: introduced, fixed, last_affected, limit). */
function inRange(version: string, events: { introduced?: string; fixed?: string; last_affected?: string; limit?: string }[]): boolean {
  const at = (value: string) => (value === '0' ? '0.0.0-0' : value);
  const sorted = [...events].sort((a, b) => {
    const va = at(a.introduced ?? a.fixed ?? a.last_affected ?? a.limit ?? '0');
    const vb = at(b.introduced ?? b.fixed ?? b.last_affected ?? b.limit ?? '0');
    return semver.valid(va) && semver.valid(vb) ? semver.compare(va, vb) : 0;
  });
  let affected = false;
  for (const event of sorted) {
    if (event.introduced !== undefined && semver.gte(version, at(event.introduced))) affected = true;
    else if (event.fixed !== undefined && semver.gte(version, event.fixed)) affected = false;
    else if (event.last_affected !== undefined && semver.gt(version, event.last_affected)) affected = false;
    else if (event.limit !== undefined && semver.gte(version, event.limit)) affected = false;
  }
  return affected;
}

/** Whether an advisory affects this exact package version. */
export function affects(advisory: OsvAdvisory, pkg: Pick<InstalledPackage, 'name' | 'version'>): boolean {
  if (advisory.withdrawn || !semver.valid(pkg.version)) return false;
  return (advisory.affected ?? []).some((entry) => {
    if (entry.package?.ecosystem !== 'npm' || entry.package.name !== pkg.name) return false;
    if ((entry.versions ?? []).includes(pkg.version)) return true;
    return (entry.ranges ?? [])
      .filter((range) => range.type === 'SEMVER' || range.type === 'ECOSYSTEM')
      .some((range) => inRange(pkg.version, range.events));
  });
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, moderate: 2, low: 1, unknown: 0 };

/**
 * Every advisory at or above minSeverity that affects an installed package, less the accepted risks still in
 * force. Unknown severity is reported separately by the caller, never silently passed.
 */
export function findVulnerabilities(
  packages: readonly InstalledPackage[],
  advisories: readonly OsvAdvisory[],
  options: { minSeverity: Exclude<Severity, 'unknown'>; accepted?: readonly AcceptedRisk[]; today?: string },
): { failing: Finding[]; unknownSeverity: Finding[]; accepted: Finding[] } {
  const byName = new Map<string, InstalledPackage[]>();
  for (const pkg of packages) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const result = { failing: [] as Finding[], unknownSeverity: [] as Finding[], accepted: [] as Finding[] };
  for (const advisory of advisories) {
    const names = new Set((advisory.affected ?? []).map((entry) => entry.package?.name).filter((name): name is string => !!name));
    for (const name of names) {
      for (const pkg of byName.get(name) ?? []) {
        if (!affects(advisory, pkg)) continue;
        const severity = severityOf(advisory);
        const finding: Finding = {
          advisory: advisory.id,
          aliases: advisory.aliases ?? [],
          severity,
          summary: advisory.summary ?? '',
          package: pkg,
        };
        const ids = [advisory.id, ...(advisory.aliases ?? [])];
        if (options.accepted?.some((risk) => ids.includes(risk.advisory) && risk.package === pkg.name && risk.until >= today))
          result.accepted.push(finding);
        else if (severity === 'unknown') result.unknownSeverity.push(finding);
        else if (RANK[severity] >= RANK[options.minSeverity]) result.failing.push(finding);
      }
    }
  }
  return result;
}
