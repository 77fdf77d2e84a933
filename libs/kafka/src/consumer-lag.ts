import type { Admin, Kafka } from 'kafkajs';
import { retryRetriableKafkaErrors } from './kafka-retry';

export interface GroupTopicLag {
  group: string;
  topic: string;
  /** Messages retained on the topic that the group has not committed yet, summed over partitions. */
  lag: number;
  /** Sum of the group's committed offsets over the topic's partitions: stops moving when the group stops committing. */
  committed: number;
}

/**
 * The groups of one Ferry deployment: `<prefix>-<service>[-<purpose>]`. Groups named with a UUID are throwaway
 * (compacted-topic views `…-view-<uuid>`, test collectors): a series each would only pile up with restarts.
 */
export function isFerryConsumerGroup(groupId: string, prefix: string): boolean {
  return groupId.startsWith(`${prefix}-`) && !/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(groupId);
}

/**
 * Lag of a group on one topic from the partitions' offsets and the group's commits. A partition without a
 * commit (-1) counts everything retained there: Ferry's consumers start from the beginning.
 */
export function topicLag(
  ends: readonly { partition: number; high: string; low: string }[],
  commits: readonly { partition: number; offset: string }[],
): { lag: number; committed: number } {
  const committedBy = new Map(commits.map((commit) => [commit.partition, Number(commit.offset)]));
  let lag = 0;
  let committed = 0;
  for (const end of ends) {
    const high = Number(end.high);
    const low = Number(end.low);
    const offset = committedBy.get(end.partition) ?? -1;
    const from = offset < 0 ? low : Math.max(offset, low);
    lag += Math.max(0, high - from);
    if (offset >= 0) committed += offset;
  }
  return { lag, committed };
}

/**
 * Consumer lag of every Ferry group, read with the admin client's offset APIs: Ferry exports its own lag, no
 * separate exporter. One admin connection for the collector's life; close() ends it.
 */
export class ConsumerLagCollector {
  private admin: Admin | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupPrefix: string,
  ) {}

  async collect(): Promise<GroupTopicLag[]> {
    const admin = await this.connected();
    try {
      const { groups } = await retryRetriableKafkaErrors(() => admin.listGroups());
      const ferryGroups = groups
        // A group that only ever committed through the admin API has no protocol type; one whose members all left keeps 'consumer'.
        .filter(
          (group) =>
            (group.protocolType === 'consumer' || group.protocolType === '') && isFerryConsumerGroup(group.groupId, this.groupPrefix),
        )
        .map((group) => group.groupId)
        .sort();
      const ends = new Map<string, Awaited<ReturnType<Admin['fetchTopicOffsets']>>>();
      const found: GroupTopicLag[] = [];
      for (const group of ferryGroups) {
        const committed = await retryRetriableKafkaErrors(() => admin.fetchOffsets({ groupId: group }));
        for (const { topic, partitions } of committed) {
          if (!partitions.some((partition) => Number(partition.offset) >= 0)) continue;
          if (!ends.has(topic)) ends.set(topic, await retryRetriableKafkaErrors(() => admin.fetchTopicOffsets(topic)));
          found.push({ group, topic, ...topicLag(ends.get(topic) ?? [], partitions) });
        }
      }
      return found;
    } catch (error) {
      // A broken connection is made again on the next call.
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    return admin;
  }
}
