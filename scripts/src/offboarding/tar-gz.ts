import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const BLOCK = 512;

/** The name and prefix fields of a ustar header for a path (name ≤ 100 bytes, prefix ≤ 155, split at a "/"). */
export function ustarNameFields(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`${path} is too long for a tar entry (ustar: 155 + 100 bytes)`);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A POSIX ustar header block for a regular file (mode 0644) of `size` bytes. */
export function ustarHeader(path: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = ustarNameFields(path);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(size, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/**
 * Writes files into a gzip-compressed POSIX tar archive, streaming each one (an export may be large). Node has gzip
 * but no tar; the format's regular-file subset is this small, so no archive dependency is added for it.
 */
export async function writeTarGz(archive: string, entries: readonly { path: string; file: string }[]): Promise<void> {
  async function* blocks(): AsyncGenerator<Buffer> {
    for (const entry of entries) {
      const { size, mtime } = await stat(entry.file);
      yield ustarHeader(entry.path, size, mtime);
      for await (const chunk of createReadStream(entry.file)) yield chunk as Buffer;
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding > 0) yield Buffer.alloc(padding, 0);
    }
    yield Buffer.alloc(BLOCK * 2, 0);
  }
  await pipeline(Readable.from(blocks()), createGzip(), createWriteStream(archive));
}
