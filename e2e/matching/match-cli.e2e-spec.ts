import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run match` as a steward runs it: the built command on two CSV exports of the same customers (a CRM and
 * an ERP, with typos, abbreviations and a swapped name), one line per input record with its golden id.
 * Needs no Kafka or database; it runs the compiled dist/ like the other e2e specs.
 */
const CLI = join(__dirname, '..', '..', 'dist', 'scripts', 'src', 'match.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run match', () => {
  const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
  const crm = join(dir, 'crm.csv');
  const erp = join(dir, 'erp.csv');
  writeFileSync(
    crm,
    [
      'id,first,last,born,street,town,zip',
      'c1,Anne,Smith,1980-02-03,12 Wallaby Place,Cleveland,2119',
      'c2,James,Nguyen,1975-11-30,4 Hoseason Street,Marsden,3165',
      'c3,Olivia,Brown,1991-06-14,77 May Street,Granville,4881',
      'c4,Noah,Wilson,1968-01-09,5 Stanley Street,Richlands,4560',
    ].join('\n'),
  );
  writeFileSync(
    erp,
    [
      'id,first,last,born,street,town,zip',
      'E-1,Ann,Smith,1980-02-03,12 Wallaby Pl,Cleveland,2119',
      'E-2,Nguyen,James,1975-11-30,4 Hoseason St,Marsden,3165',
      'E-9,Mia,Taylor,2001-04-04,9 Gundulu Place,Utakarra,2193',
    ].join('\n'),
  );
  const person = {
    first: 'name.given',
    last: 'name.family',
    born: 'birthDate',
    street: 'address.line1',
    town: 'address.locality',
    zip: 'address.postcode',
  };

  it('writes record_id,cluster_id for every record of both inputs, with the duplicates sharing a golden id', () => {
    const output = join(dir, 'clusters.csv');
    const ok = run(['--input', crm, '--input', erp, '--columns', JSON.stringify({ id: 'id', ...person }), '--output', output]);
    expect(ok.stderr).toContain("profile 'person'");
    expect(ok.status).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('record_id,cluster_id');
    const cluster = new Map(lines.slice(1).map((line) => line.split(',') as [string, string]));
    expect([...cluster.keys()]).toEqual(['c1', 'c2', 'c3', 'c4', 'E-1', 'E-2', 'E-9']);
    expect(cluster.get('E-1')).toBe(cluster.get('c1'));
    expect(cluster.get('E-2')).toBe(cluster.get('c2'));
    expect(new Set(cluster.values()).size).toBe(5);
  });

  it.each([
    [['--input', 'x.csv'], '--columns is required'],
    [['--input', join(dir, 'missing.csv'), '--columns', '{"id":"id"}', '--output', join(dir, 'o.csv')], 'cannot read'],
    [['--input', 'x.csv', '--columns', '{"id":"shoeSize"}', '--output', 'o.csv'], 'not a record path'],
  ])('exits 2 with the reason and the usage for %j', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: npm run match');
  });
});
