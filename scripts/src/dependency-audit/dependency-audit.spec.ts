import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { affects, findVulnerabilities, productionPackages, severityOf, type OsvAdvisory } from './dependency-audit';
import { loadAdvisories } from './advisory-database';

const root = join(__dirname, '..', '..', '..');
const fixtureLock = JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'vulnerable-package-lock.json'), 'utf8')) as never;
const seed = loadAdvisories({
  seedFile: join(root, 'security', 'advisories', 'npm-seed.json'),
  cacheDir: join(__dirname, '__fixtures__', 'no-cache'),
});

describe('the dependency audit in CI', () => {
  it('fails a lock file with a known-vulnerable production version, naming package, version, advisory and path', () => {
    const { failing } = findVulnerabilities(productionPackages(fixtureLock), seed.advisories, { minSeverity: 'high' });
    expect(
      failing.map((finding) => `${finding.package.path}@${finding.package.version} ${finding.advisory} ${finding.severity}`).sort(),
    ).toEqual([
      'node_modules/jsonata@2.0.3 GHSA-fqg8-vfv7-8fj8 critical',
      'node_modules/soap/node_modules/form-data@4.0.0 GHSA-fjxv-7rqg-78g4 critical',
    ]);
  });

  it("passes Ferry's own lock file", () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as never;
    expect(findVulnerabilities(productionPackages(lock), seed.advisories, { minSeverity: 'high' }).failing).toEqual([]);
  });

  it('leaves out dev-only packages (dev and devOptional)', () => {
    expect(
      productionPackages(fixtureLock)
        .map((pkg) => pkg.name)
        .sort(),
    ).toEqual(['form-data', 'jsonata', 'protobufjs', 'soap']);
  });

  it('lets an accepted risk pass until its date, and no longer', () => {
    const accepted = [{ advisory: 'CVE-2024-27307', package: 'jsonata', reason: 'expressions are sandboxed', until: '2026-12-31' }];
    const before = findVulnerabilities(productionPackages(fixtureLock), seed.advisories, {
      minSeverity: 'high',
      accepted,
      today: '2026-12-01',
    });
    const after = findVulnerabilities(productionPackages(fixtureLock), seed.advisories, {
      minSeverity: 'high',
      accepted,
      today: '2027-01-01',
    });
    expect(before.failing.map((finding) => finding.package.name)).toEqual(['form-data']);
    expect(before.accepted.map((finding) => finding.package.name)).toEqual(['jsonata']);
    expect(after.failing.map((finding) => finding.package.name).sort()).toEqual(['form-data', 'jsonata']);
  });

  const advisory = (
    events: { introduced?: string; fixed?: string; last_affected?: string }[],
    extra: Partial<OsvAdvisory> = {},
  ): OsvAdvisory => ({
    id: 'GHSA-test',
    affected: [{ package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'SEMVER', events }] }],
    ...extra,
  });
  it.each([
    ['inside introduced..fixed', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '1.1.9', true],
    ['at the fixed version', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '1.2.0', false],
    ['before introduced', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '0.9.0', false],
    ['introduced 0 (every version)', [{ introduced: '0' }, { fixed: '2.0.0' }], '0.0.1', true],
    ['the second of two ranges', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.0.4' }], '2.0.3', true],
    ['between two ranges', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.0.4' }], '1.5.0', false],
    ['at last_affected', [{ introduced: '0' }, { last_affected: '3.1.0' }], '3.1.0', true],
    ['past last_affected', [{ introduced: '0' }, { last_affected: '3.1.0' }], '3.1.1', false],
    ['a prerelease of the fixed version', [{ introduced: '0' }, { fixed: '2.0.0' }], '2.0.0-beta.1', true],
  ])('decides a version %s', (_case, events, version, expected) => {
    expect(affects(advisory(events), { name: 'lib', version })).toBe(expected);
  });

  it.each([
    ['CRITICAL', 'GHSA-x', 'critical'],
    ['HIGH', 'GHSA-x', 'high'],
    ['MODERATE', 'GHSA-x', 'moderate'],
    [undefined, 'MAL-2025-1', 'critical'],
    [undefined, 'GHSA-x', 'unknown'],
  ])('reads severity %s of %s as %s', (word, id, severity) => {
    expect(severityOf({ id, ...(word ? { database_specific: { severity: word } } : {}) })).toBe(severity);
  });

  it('ignores a withdrawn advisory', () => {
    expect(affects(advisory([{ introduced: '0' }], { withdrawn: '2025-01-01T00:00:00Z' }), { name: 'lib', version: '1.0.0' })).toBe(false);
  });
});

describe('the advisory cache an OSV npm dump fills', () => {
  it('adds its records to the seed and says how old it is', () => {
    const database = loadAdvisories({
      seedFile: join(root, 'security', 'advisories', 'npm-seed.json'),
      cacheDir: join(__dirname, '__fixtures__', 'cache'),
    });
    expect(database.sources[1]).toMatchObject({ advisories: 1, updated: '2026-11-01' });
    const { failing } = findVulnerabilities(productionPackages(fixtureLock), database.advisories, { minSeverity: 'high' });
    expect(failing.map((finding) => finding.advisory)).toContain('MAL-2025-0001');
  });
});
