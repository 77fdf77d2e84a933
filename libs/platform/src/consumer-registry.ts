import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { AvroCodec, DeadLetterPublisher, TopicConsumer, type TopicConsumerOptions } from '@ferry/kafka';
import type { PlatformConfig } from '@ferry/config';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG } from './platform.tokens';

/**
 * Creates the service's consumers and stops them all before the application shuts down, so messages in
 * flight finish (and their offsets commit) before the producer and database connections close.
 */
@Injectable()
export class ConsumerRegistry implements BeforeApplicationShutdown {
  private readonly consumers: TopicConsumer<unknown>[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly deadLetter: DeadLetterPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * groupId defaults to <KAFKA_GROUP_ID_PREFIX>-<service>; pass deadLetter: false for a consumer that must block
   * instead, and transactional: true for consume-transform-produce in Kafka transactions (the transactional id
   * is the group, the topics and this replica's instance id).
   */
  create<T>(
    options: Omit<TopicConsumerOptions<T>, 'service' | 'groupId' | 'deadLetter' | 'transactionalId'> & {
      groupId?: string;
      deadLetter?: boolean;
      transactional?: boolean;
    },
  ): TopicConsumer<T> {
    const { deadLetter, groupId: requestedGroupId, transactional, ...rest } = options;
    const groupId = requestedGroupId ?? `${this.config.kafka.groupIdPrefix}-${this.config.service}`;
    const consumer = new TopicConsumer<T>(this.kafka, this.codec, this.logger, {
      ...rest,
      service: this.config.service,
      groupId,
      sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
      ...(deadLetter === false ? {} : { deadLetter: this.deadLetter }),
      ...(transactional ? { transactionalId: `${groupId}.${options.topics.join('+')}.${this.config.instanceId}` } : {}),
    });
    this.consumers.push(consumer as TopicConsumer<unknown>);
    return consumer;
  }

  allRunning(): boolean {
    return this.consumers.every((consumer) => consumer.isRunning);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal, consumers: this.consumers.length }, 'stopping consumers; finishing messages in flight');
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
