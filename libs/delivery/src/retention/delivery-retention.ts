import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LeaseRepository, SingletonLease } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import {
  RETENTION_LEASE_NAME,
  RETENTION_LEASE_TTL_MS,
  RetentionJob,
  TenantConfigurationView,
  type RetentionTable,
} from '@ferry/tenant-config';
import type { DeliveryConfig } from '../delivery.config';
import { DeliveryQueue } from '../queue/delivery-queue';

/**
 * What a delivery service prunes (docs/governance.md#retention): finished commands whose outcome was published
 * (reported), by when they finished, per the tenant's deliveryDays. Unfinished and unreported commands are never
 * touched; the delivery ledger and entity versions (idempotency and stale detection) are kept.
 */
export function deliveryQueueRetention(queue: DeliveryQueue): RetentionTable {
  return {
    table: 'delivery_queue',
    kind: 'delivery',
    tenants: () => queue.tenants(),
    deleteBefore: (tenantId, cutoff, limit) => (tenantId === null ? Promise.resolve(0) : queue.prune(tenantId, cutoff, limit)),
  };
}

/** The delivery service's retention job, on the replica holding the `retention` lease; started and stopped with the app. */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly job: RetentionJob;

  constructor(
    queue: DeliveryQueue,
    dataSource: DataSource,
    configurations: TenantConfigurationView,
    @Inject(PLATFORM_CONFIG) config: DeliveryConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.job = new RetentionJob({
      tables: [deliveryQueueRetention(queue)],
      policyOf: (tenantId) => configurations.cached(tenantId)?.policies?.retention,
      policiesCurrent: () => configurations.catchUp(),
      config: config.retention,
      lease: new SingletonLease(new LeaseRepository(dataSource), {
        name: RETENTION_LEASE_NAME,
        instanceId: config.instanceId,
        ttlMs: RETENTION_LEASE_TTL_MS,
        logger,
      }),
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}
