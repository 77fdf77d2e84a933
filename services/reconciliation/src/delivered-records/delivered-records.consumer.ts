import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, deliveredRecordOf, type SyncStatus } from '@ferry/contracts';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry } from '@ferry/platform';
import { DeliveredRecordRepository } from './delivered-record.repository';

/**
 * Ferry's own books for reconciliation: the latest delivered content hash per ERP record, learnt from the
 * sync-status topic (never from the delivery service's database). An older entity version never replaces a newer one.
 */
@Injectable()
export class DeliveredRecordsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly deliveredRecords: DeliveredRecordRepository,
  ) {
    this.consumer = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handle(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const delivered = deliveredRecordOf(value);
    if (!delivered) return;
    const { erpKind: _erpKind, entityType: _entityType, ...record } = delivered;
    await this.deliveredRecords.recordUnlessOlder(record);
  }
}
