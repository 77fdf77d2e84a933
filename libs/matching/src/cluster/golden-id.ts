import { createHash } from 'node:crypto';

// A fixed namespace for Ferry's name-based golden ids (RFC 9562 UUID version 5).
const NAMESPACE = Buffer.from('6f1c2b9e4d7a4c1f9b3e8a5d2c7f0e14', 'hex');

/**
 * The golden id minted for a cluster founded by `recordKey` in `tenantId`: a UUID v5, so replaying the same
 * records mints the same ids. `attempt` > 0 when that id is already taken (a record that founds a second
 * cluster after a split).
 */
export function goldenIdFor(tenantId: string, recordKey: string, attempt = 0): string {
  const name = `${tenantId}\u0000${recordKey}${attempt > 0 ? `\u0000${attempt}` : ''}`;
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type GoldenIdMinter = (recordKey: string, attempt: number) => string;
