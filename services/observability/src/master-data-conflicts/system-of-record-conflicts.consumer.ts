import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { PlatformConfig } from '@ferry/config';
import { Topics, type SystemOfRecordConflict } from '@ferry/contracts';
import { infrastructure, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import { SystemOfRecordConflictRepository } from './system-of-record-conflict.repository';

/** Keeps every system-of-record conflict inbound-sync publishes, for support's exception queue. */
@Injectable()
export class SystemOfRecordConflictsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SystemOfRecordConflict>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly repository: SystemOfRecordConflictRepository,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.consumer = consumers.create<SystemOfRecordConflict>({
      // Its own group: members of one group must subscribe to the same topics.
      groupId: `${config.kafka.groupIdPrefix}-${config.service}-conflicts`,
      topics: [Topics.systemOfRecordConflicts],
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SystemOfRecordConflict>): Promise<void> {
    await this.repository.record(value).catch((error: unknown) => {
      throw infrastructure('DATABASE_UNAVAILABLE', `could not keep the conflict: ${(error as Error).message}`, error);
    });
  }
}
