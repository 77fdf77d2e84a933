import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, type DeliveryCommand } from '@ferry/contracts';
import { isDatabaseUnavailable } from '@ferry/database';
import { infrastructure, permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import type { DeliveryConfig } from './delivery.config';
import { DeliveryLanesService } from './lanes/delivery-lanes.service';
import { DeliveryQueueRepository } from './queue/delivery-queue.repository';

/**
 * Reads its ERP's delivery-command topic and accepts each command into the delivery queue (PostgreSQL); the
 * offset is committed only once the command is stored there. From then on the command's lane owns it:
 * retries, throttling and outages never hold up the partition, and so never hold up other tenants.
 */
@Injectable()
export class DeliveryCommandsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<DeliveryCommand>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly repository: DeliveryQueueRepository,
    private readonly lanes: DeliveryLanesService,
    @Inject(PLATFORM_CONFIG) config: DeliveryConfig,
  ) {
    this.consumer = consumers.create<DeliveryCommand>({
      topics: [Topics.deliveryCommands(config.erpKind)],
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle(message: ConsumedMessage<DeliveryCommand>): Promise<void> {
    const lanes = await this.repository
      .enqueue([
        {
          command: message.value,
          sourceValue: message.raw,
          sourceTopic: message.topic,
          sourcePartition: message.partition,
          sourceOffset: message.offset,
          headers: message.headers,
        },
      ])
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error))
          throw infrastructure('DATABASE_UNAVAILABLE', `delivery queue unavailable: ${(error as Error).message}`, error);
        throw permanent('UNQUEUEABLE_COMMAND', `the delivery queue refused the command: ${(error as Error).message}`, 'invalid', error);
      });
    await this.lanes.commandsArrived(lanes);
  }
}
