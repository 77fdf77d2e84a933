import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, type SyncStatus } from '@ferry/contracts';
import { histogram } from '@ferry/metrics';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import type { ObservabilityConfig } from '../observability.config';
import { completedWithinObjective, deliveryBookEntry } from '../service-levels/delivery-bookkeeping';
import { LiveEventBroadcaster } from '../live/live-event-broadcaster';
import { liveSyncStatus } from '../live/live-events';
import { SyncStatusRepository } from './sync-status.repository';

/**
 * Fleet-wide, without a tenant label: a histogram per tenant would multiply every tenant by its buckets. Per
 * tenant, completions are counted met/missed against the objective (ferry_sync_completions_total) and the API
 * serves percentiles. Observed by the replica that consumed the status, once (statuses are recorded by id),
 * so sum() over replicas is right.
 */
const completion = histogram(
  'ferry_sync_completion_seconds',
  'Order sync completion time: from the change in the source system to the ERP acknowledging the delivery',
  ['entity_type', 'direction'],
  [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
);

/**
 * Keeps every SyncStatus (once, by statusId), the tenant aggregates and the book of undelivered work in PostgreSQL,
 * and passes each new one to the console's live streams.
 */
@Injectable()
export class SyncStatusConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly repository: SyncStatusRepository,
    private readonly live: LiveEventBroadcaster,
    @Inject(PLATFORM_CONFIG) private readonly config: ObservabilityConfig,
  ) {
    this.consumer = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handle(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const fresh = await this.repository.record(value, {
      withinObjective: completedWithinObjective(value, this.config.completionObjectiveMs),
      book: deliveryBookEntry(value),
    });
    if (fresh) this.live.publish(liveSyncStatus(value));
    if (fresh && value.stage === 'delivery' && value.status === 'delivered' && value.latencyMs !== null && value.latencyMs !== undefined) {
      completion.observe({ entity_type: value.entityType, direction: value.direction ?? 'unknown' }, value.latencyMs / 1000);
    }
  }
}
