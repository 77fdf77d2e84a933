import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, type SyncStatus } from '@ferry/contracts';
import { histogram } from '@ferry/metrics';
import { ConsumerRegistry } from '@ferry/platform';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import { SyncStatusRepository } from './sync-status.repository';

const latency = histogram(
  'ferry_sync_delivery_latency_seconds',
  'From the event occurring in the product to its delivery in the ERP',
  ['tenant_id', 'entity_type'],
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
);

/** Keeps every SyncStatus (once, by statusId) and the tenant aggregates in PostgreSQL. */
@Injectable()
export class SyncStatusConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly repository: SyncStatusRepository,
  ) {
    this.consumer = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handle(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const fresh = await this.repository.record(value);
    if (fresh && value.stage === 'delivery' && value.status === 'delivered' && value.latencyMs !== null && value.latencyMs !== undefined) {
      latency.observe({ tenant_id: value.tenantId, entity_type: value.entityType }, value.latencyMs / 1000);
    }
  }
}
