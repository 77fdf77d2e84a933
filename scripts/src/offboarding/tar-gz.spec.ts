import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ustarHeader, ustarNameFields, writeTarGz } from './tar-gz';

describe('ustarNameFields', () => {
  const long = `${'t'.repeat(60)}/${'s'.repeat(60)}/table.ndjson`;
  it.each<[string, string, { name: string; prefix: string } | 'too long']>([
    ['a short path', 'acme/ingestion/received_event.ndjson', { name: 'acme/ingestion/received_event.ndjson', prefix: '' }],
    ['a long path, split at a slash', long, { name: `${'s'.repeat(60)}/table.ndjson`, prefix: 't'.repeat(60) }],
    ['a file name past 100 bytes', `a/${'x'.repeat(101)}`, 'too long'],
  ])('%s', (_case, path, fields) => {
    if (fields === 'too long') expect(() => ustarNameFields(path)).toThrow('too long for a tar entry');
    else expect(ustarNameFields(path)).toEqual(fields);
  });
});

describe('ustarHeader', () => {
  it('is one 512-byte block with a valid checksum and the ustar magic', () => {
    const header = ustarHeader('a/b.ndjson', 1234, new Date(0));
    expect(header).toHaveLength(512);
    const stored = parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const blanked = Buffer.from(header);
    blanked.fill(' ', 148, 156);
    expect(stored).toBe(blanked.reduce((sum, byte) => sum + byte, 0));
    expect(header.subarray(257, 262).toString('ascii')).toBe('ustar');
    expect(parseInt(header.subarray(124, 135).toString('ascii'), 8)).toBe(1234);
  });
});

describe('writeTarGz', () => {
  it('writes an archive the system tar lists and extracts byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-gz-spec-'));
    const sizes = [0, 1, 511, 512, 513, 70_000];
    const entries = sizes.map((size, i) => {
      const file = join(dir, `f${i}`);
      writeFileSync(file, Buffer.alloc(size, 97 + i));
      return { path: `tenant-x/svc/table_${i}.ndjson`, file };
    });
    const archive = join(dir, 'out.tar.gz');
    await writeTarGz(archive, entries);
    expect(execFileSync('tar', ['-tzf', archive]).toString().trim().split('\n')).toEqual(entries.map((e) => e.path));
    const out = mkdtempSync(join(tmpdir(), 'tar-gz-spec-out-'));
    execFileSync('tar', ['-xzf', archive, '-C', out]);
    entries.forEach((entry, i) => expect(readFileSync(join(out, entry.path)).equals(Buffer.alloc(sizes[i]!, 97 + i))).toBe(true));
  });
});
