import { createHash } from 'node:crypto';

/** What the `Idempotency-Key` header of a request says. */
export type IdempotencyKeyHeader = { kind: 'absent' } | { kind: 'valid'; key: string } | { kind: 'invalid'; reason: string };

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Reads the optional `Idempotency-Key` header: 1–255 printable ASCII characters (space to `~`), as Stripe
 * accepts. A header sent twice is refused rather than guessed at.
 */
export function readIdempotencyKey(header: string | string[] | undefined): IdempotencyKeyHeader {
  if (header === undefined) return { kind: 'absent' };
  if (Array.isArray(header)) return { kind: 'invalid', reason: 'send one Idempotency-Key header, not several' };
  if (header.length === 0 || header.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    return { kind: 'invalid', reason: `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} characters; got ${header.length}` };
  if (!/^[\x20-\x7e]+$/.test(header)) return { kind: 'invalid', reason: 'Idempotency-Key must hold printable ASCII characters only' };
  return { kind: 'valid', key: header };
}

/**
 * The hash a retry's body must match: sha256 of the parsed body serialised with object keys sorted, so a client
 * that re-serialises the same batch (other key order, other whitespace) still counts as the same request.
 */
export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
