import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a kafkajs error is worth another try: the broker marks it retriable (a partition whose leader is
 * still being elected right after topics are created, a coordinator moving) or the connection dropped.
 */
export function isRetriableKafkaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { retriable, name } = error as { retriable?: unknown; name?: unknown };
  return retriable === true || name === 'KafkaJSConnectionError' || name === 'KafkaJSNumberOfRetriesExceeded';
}

/**
 * Runs an admin call again while Kafka answers with a retriable error, with growing pauses, for up to
 * `attempts` tries. kafkajs' own admin retrier gives up at once on errors like NOT_LEADER_FOR_PARTITION,
 * which a fresh broker returns for a few hundred milliseconds after a topic is created.
 */
export async function retryRetriableKafkaErrors<T>(call: () => Promise<T>, attempts = 8, baseDelayMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetriableKafkaError(error)) throw error;
      await sleep(Math.min(baseDelayMs * 2 ** (attempt - 1), 5_000));
    }
  }
}
