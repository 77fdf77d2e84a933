import { DEAD_LETTER_RECORD_HEADROOM_BYTES } from '@ferry/contracts';
import { infrastructure, permanent, type ProcessingError } from './processing.error';

/**
 * Broker answers to a write that no retry can change: the record itself is refused (too large for the topic,
 * or malformed). Anything else (broker away, leader moving, timeouts, authorisation) is our platform's trouble.
 */
const RECORD_REFUSED = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TIMESTAMP']);

/**
 * What a failed write means for the message being processed. A refused record is the message's own failure:
 * dead-lettered with the broker's reason, so it cannot hold up every tenant behind it on its partition. The
 * rest stays infrastructure: not committed, retried once Kafka is back.
 */
export function produceFailure(error: unknown): ProcessingError {
  const refusal = causeTypes(error).find((type) => RECORD_REFUSED.has(type));
  const reason = (error as Error | undefined)?.message ?? String(error);
  return refusal
    ? permanent('KAFKA_RECORD_REFUSED', `Kafka refused the record (${refusal}): ${reason}`, 'too_large', error)
    : infrastructure('KAFKA_PRODUCE_FAILED', `could not write to Kafka: ${reason}`, error);
}

/** Bytes a record takes on the wire, near enough to compare with the broker's limit (record overhead included). */
export function recordSize(message: { key: string; value: Buffer | null; headers?: Record<string, unknown> }): number {
  let size = 64 + Buffer.byteLength(message.key) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const part of Array.isArray(value) ? value : [value]) {
      size += 8 + Buffer.byteLength(name) + (typeof part === 'string' ? Buffer.byteLength(part) : Buffer.isBuffer(part) ? part.length : 0);
    }
  }
  return size;
}

/** The most a record on `topic` may weigh: the configured limit, or more for dead letters (see topics.ts). */
export function recordLimitFor(topic: string, maxRecordBytes: number): number {
  return topic.startsWith('ferry.dead-letter.') ? maxRecordBytes + DEAD_LETTER_RECORD_HEADROOM_BYTES : maxRecordBytes;
}

/** Refuses a record over the limit before Kafka does, naming its size: a permanent failure of that message. */
export function oversizedRecordFailure(topic: string, key: string, size: number, limit: number): ProcessingError {
  return permanent(
    'RECORD_TOO_LARGE',
    `the record for ${topic} (key ${key}) would be ${size} bytes, over the limit of ${limit} (KAFKA_MAX_RECORD_BYTES)`,
    'too_large',
  );
}

function causeTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let at: unknown = error; typeof at === 'object' && at !== null && types.length < 10; at = (at as { cause?: unknown }).cause) {
    const type = (at as { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
  }
  return types;
}
