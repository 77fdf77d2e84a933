import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TEST_SUBJECT_PREFIX,
  deleteSubjectPermanently,
  leftoverTestSubjects,
  principalEnv,
  repositoryRoot,
  testRegistry,
  testStack,
} from '@ferry/testing';

/**
 * Drives the real CLIs (built into dist/) against the real registry, with a throwaway subject of our own that is
 * deleted for good afterwards (and any left by an interrupted earlier run before), so the shared registry keeps
 * only Ferry's subjects.
 */
describe('npm run schemas:check', () => {
  const namespace = `${TEST_SUBJECT_PREFIX}${randomUUID().replace(/-/g, '').slice(0, 10)}.v1`;
  const subject = `${namespace}.Probe`;
  const dir = mkdtempSync(join(tmpdir(), 'ferry-schemas-'));
  const schemaDir = join(dir, ...namespace.split('.'));
  mkdirSync(schemaDir, { recursive: true });
  writeFileSync(
    join(dir, 'catalog.json'),
    JSON.stringify({
      defaultCompatibility: 'FULL_TRANSITIVE',
      subjects: [{ subject, file: `${namespace.split('.').join('/')}/Probe.avsc`, role: 'internal' }],
    }),
  );
  const writeSchema = (fields: unknown[]) =>
    writeFileSync(join(schemaDir, 'Probe.avsc'), JSON.stringify({ type: 'record', name: 'Probe', namespace, fields }));

  const run = (script: string) =>
    spawnSync(process.execPath, [join(repositoryRoot(), 'dist', 'scripts', 'src', script), '--schemas-dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, ...principalEnv(testStack()) },
    });

  beforeAll(async () => {
    const registry = testRegistry();
    for (const leftover of await leftoverTestSubjects(registry)) await deleteSubjectPermanently(registry, leftover);
    writeSchema([
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'string' },
    ]);
    const registered = run('register-schemas.js');
    expect(registered.status).toBe(0);
  });

  afterAll(async () => {
    const registry = testRegistry();
    await deleteSubjectPermanently(registry, subject);
    expect(await leftoverTestSubjects(registry)).toEqual([]);
  });

  it('passes when the change adds a field with a default', () => {
    writeSchema([
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'string' },
      { name: 'note', type: ['null', 'string'], default: null },
    ]);
    const result = run('check-schemas.js');
    expect(result.stdout).toContain(`ok   ${subject}`);
    expect(result.status).toBe(0);
  });

  it('fails, naming the field, when the change breaks FULL_TRANSITIVE', () => {
    writeSchema([
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'currency', type: 'string' },
    ]);
    const result = run('check-schemas.js');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`FAIL ${subject}`);
    expect(result.stdout).toMatch(/field amount .*type changed from string to double/);
    expect(result.stdout).toMatch(/field currency .*has no default/);
  });
});
