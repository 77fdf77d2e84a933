import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { PlatformConfig } from '@ferry/config';
import { Topics, deadLetterServices, type DeadLetterRecord } from '@ferry/contracts';
import { infrastructure, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import { LiveEventBroadcaster } from '../live/live-event-broadcaster';
import { liveDeadLetter } from '../live/live-events';
import { DeadLetterRepository } from './dead-letter.repository';

/**
 * Keeps every service's dead letters for support to list, inspect and replay. Observability's own dead-letter
 * topic is left out: a dead letter this consumer could not store must not come back to it.
 */
@Injectable()
export class DeadLettersConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<DeadLetterRecord>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly repository: DeadLetterRepository,
    private readonly live: LiveEventBroadcaster,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.consumer = consumers.create<DeadLetterRecord>({
      // Its own group: members of one group must subscribe to the same topics.
      groupId: `${config.kafka.groupIdPrefix}-${config.service}-dead-letters`,
      topics: deadLetterServices()
        .filter((service) => service !== 'observability')
        .map((service) => Topics.deadLetter(service)),
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<DeadLetterRecord>): Promise<void> {
    const fresh = await this.repository.record(value).catch((error: unknown) => {
      throw infrastructure('DATABASE_UNAVAILABLE', `could not keep the dead letter: ${(error as Error).message}`, error);
    });
    const event = fresh ? liveDeadLetter(value) : undefined;
    if (event) this.live.publish(event);
  }
}
