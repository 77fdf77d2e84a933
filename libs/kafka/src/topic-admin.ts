import type { Kafka } from 'kafkajs';
import type { TopicSpec } from '@ferry/contracts';
import type { Logger } from '@ferry/logging';
import { retryRetriableKafkaErrors } from './kafka-retry';

function refusedAuthorization(error: unknown): boolean {
  const failures = [error, ...((error as { errors?: unknown[] }).errors ?? [])];
  return failures.some((failure) => /AUTHORIZATION_FAILED$/.test(String((failure as { type?: string }).type)));
}

/** Creates missing topics with their partition counts and configs; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], logger: Logger, replicationFactor = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await retryRetriableKafkaErrors(() => admin.listTopics()));
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    // Several services start at once and create the same topics; one wins, the others find them there.
    await retryRetriableKafkaErrors(() =>
      admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor,
          configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      }),
    ).catch((error: unknown) => {
      if (!refusedAuthorization(error)) throw error;
      throw new Error(
        `Kafka topics ${missing.map((spec) => spec.topic).join(', ')} are missing and this principal may not create them (nor, perhaps, see them): an operator creates them and grants the ACLs (npm run kafka:acls -- --create-topics --apply, docs/kafka-security.md)`,
        { cause: error },
      );
    });
    logger.info({ topics: missing.map((spec) => spec.topic) }, 'created Kafka topics');
  } finally {
    await admin.disconnect();
  }
}
