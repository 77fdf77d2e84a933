import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, syncStatusMessage, type DeadLetterRecord, type DeliveryCommand } from '@ferry/contracts';
import { EventProducer, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import type { DeliveryConfig } from './delivery.config';
import { ErpDeliveryService } from './erp-delivery.service';

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');

/** Reads its ERP's delivery-command topic and hands each command to the delivery service. */
@Injectable()
export class DeliveryCommandsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<DeliveryCommand>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly delivery: ErpDeliveryService,
    private readonly configurations: TenantConfigurationView,
    private readonly producer: EventProducer,
    @Inject(PLATFORM_CONFIG) config: DeliveryConfig,
    @Inject(DELIVERY_OPTIONS) options: { concurrentWithinBatch?: boolean },
  ) {
    this.consumer = consumers.create<DeliveryCommand>({
      topics: [Topics.deliveryCommands(config.erpKind)],
      maxAttempts: config.maxAttempts,
      retryBaseDelayMs: config.retryBaseDelayMs,
      ...(options.concurrentWithinBatch ? { concurrentWithinBatch: true } : {}),
      handle: (message) => this.handle(message),
      onDeadLettered: (record, command) => this.reportDeadLetter(record, command),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.configurations.ready();
    await this.consumer.start();
  }

  private async handle(message: ConsumedMessage<DeliveryCommand>): Promise<void> {
    const command = message.value;
    let configuration = this.configurations.get(command.tenantId);
    // The command was mapped with a configuration this replica has not read yet: read up to it first.
    if (!configuration || configuration.version < command.configVersion) {
      await this.configurations.catchUp();
      configuration = this.configurations.get(command.tenantId);
    }
    await this.delivery.deliver(command, configuration, message.attempt);
  }

  private async reportDeadLetter(record: DeadLetterRecord, command: DeliveryCommand | undefined): Promise<void> {
    if (!command) return;
    await this.producer.publish(
      syncStatusMessage({ ...command }, 'delivery', 'dead_lettered', {
        erpKind: command.erpKind,
        recordType: command.recordType,
        externalId: command.externalId,
        attempts: record.attempts,
        errorClass: record.errorClass,
        errorCode: record.errorCode,
        errorMessage: record.errorMessage,
        configVersion: command.configVersion,
      }),
    );
  }
}
