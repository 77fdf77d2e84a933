import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { PlatformConfig } from '@ferry/config';
import { Topics, type DeliveryLaneStateChanged } from '@ferry/contracts';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import { LiveEventBroadcaster } from './live-event-broadcaster';
import { liveLaneState } from './live-events';

/**
 * Passes delivery lane state changes (circuit opened, parked, resumed…) to the console's live streams. Stores
 * nothing: the lanes themselves are read from the delivery services. Its own group, from the newest offset: a
 * change that happened while observability was down is not news to a stream opened after it.
 */
@Injectable()
export class LaneStatesConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<DeliveryLaneStateChanged>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly live: LiveEventBroadcaster,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.consumer = consumers.create<DeliveryLaneStateChanged>({
      groupId: `${config.kafka.groupIdPrefix}-${config.service}-lane-states`,
      topics: [Topics.deliveryLaneStates],
      fromBeginning: false,
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private handle({ value }: ConsumedMessage<DeliveryLaneStateChanged>): Promise<void> {
    this.live.publish(liveLaneState(value));
    return Promise.resolve();
  }
}
