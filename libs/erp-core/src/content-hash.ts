import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 of the canonical JSON: what Ferry wrote and what the ERP holds compare by this. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * The part of an ERP record that Ferry's payload covers: the same keys, recursively, nothing the ERP added.
 * Keys the record lacks are left out (as a mapping leaves out a field whose expression yields nothing).
 */
export function projectOnto(shape: unknown, actual: unknown): unknown {
  if (shape && typeof shape === 'object' && !Array.isArray(shape)) {
    if (!actual || typeof actual !== 'object') return undefined;
    const source = actual as Record<string, unknown>;
    const entries = Object.entries(shape as Record<string, unknown>)
      .map(([key, sub]) => [key, projectOnto(sub, source[key])] as const)
      .filter(([, value]) => value !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return actual;
}

/**
 * Whether an ERP record already holds everything a payload writes (fields the ERP added are ignored). After an
 * ambiguous outcome this tells "the write was applied" from "try again".
 */
export function recordHoldsPayload(payload: Record<string, unknown>, fields: Record<string, unknown>): boolean {
  return contentHash(projectOnto(payload, fields) ?? {}) === contentHash(payload);
}
