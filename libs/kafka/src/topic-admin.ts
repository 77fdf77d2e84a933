import type { Kafka } from 'kafkajs';
import type { TopicSpec } from '@ferry/contracts';
import type { Logger } from '@ferry/logging';
import { retryRetriableKafkaErrors } from './kafka-retry';

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
    );
    logger.info({ topics: missing.map((spec) => spec.topic) }, 'created Kafka topics');
  } finally {
    await admin.disconnect();
  }
}
