import type { Message, TopicMessages } from 'kafkajs';

/**
 * The most bytes of keys, values and headers one send of a transaction's gathered output carries. kafkajs puts all
 * of a send's messages for one partition into one record batch, and the broker refuses a batch larger than the
 * topic's max.message.bytes (1 MiB by default): many records of one key (a golden customer re-published by every
 * source record joining it) must go in several sends. Half the default leaves room for the batch's own framing.
 */
export const OUTGOING_CHUNK_BYTES = 512 * 1024;

function bytesOf(message: Message): number {
  const length = (value: Message['key'] | Message['value'] | undefined) =>
    value === null || value === undefined ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  let bytes = length(message.key) + length(message.value);
  for (const [name, header] of Object.entries(message.headers ?? {}))
    bytes += Buffer.byteLength(name) + (Array.isArray(header) ? header.reduce((sum, part) => sum + length(part), 0) : length(header));
  return bytes;
}

/**
 * Splits a transaction's gathered output into sends of at most `maxBytes` each, keeping every message's order (a
 * message larger than `maxBytes` alone goes in a send of its own; the producer's record limit is checked before it
 * was gathered). Messages of one topic stay together within a send.
 */
export function outgoingChunks(topicMessages: readonly TopicMessages[], maxBytes = OUTGOING_CHUNK_BYTES): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let chunk: TopicMessages[] = [];
  let chunkBytes = 0;
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const bytes = bytesOf(message);
      if (chunk.length > 0 && chunkBytes + bytes > maxBytes) {
        chunks.push(chunk);
        chunk = [];
        chunkBytes = 0;
      }
      const last = chunk.at(-1);
      if (last && last.topic === topic) last.messages.push(message);
      else chunk.push({ topic, messages: [message] });
      chunkBytes += bytes;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
