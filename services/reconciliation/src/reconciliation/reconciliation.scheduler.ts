import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SingletonLease, type LeaseFence } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import type { ReconciliationConfig } from '../reconciliation.config';
import { ReconciliationService } from './reconciliation.service';

/** The lease that makes scheduling a singleton: name `reconciliation-schedule` in the service's ferry_lease table. */
export const RECONCILIATION_SCHEDULE_LEASE = Symbol('RECONCILIATION_SCHEDULE_LEASE');
/** A crashed scheduler's replicas take over within this (plus a third of it); a stopped one hands over at once. */
export const RECONCILIATION_SCHEDULE_LEASE_TTL_MS = 30_000;

/**
 * Queues a run for every active tenant every RECONCILIATION_INTERVAL_SECONDS (none for a tenant that still has one
 * queued or running), on the one replica holding the `reconciliation-schedule` lease (checked before each
 * tenant), so any replica count and a rolling update queue each round once. The runs themselves are jobs any
 * replica's ReconciliationRunner claims.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly configurations: TenantConfigurationView,
    @Inject(RECONCILIATION_SCHEDULE_LEASE) private readonly lease: SingletonLease,
    @Inject(PLATFORM_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.intervalSeconds === 0) return;
    await this.lease.start();
    this.timer = setInterval(() => {
      this.running ??= this.lease
        .runExclusive((fence) => this.runAll(fence))
        .then(() => undefined)
        .finally(() => (this.running = undefined));
    }, this.config.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Before the database and producer close: no new round, the running one finishes, the lease is handed over. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.lease.stop();
  }

  private async runAll(fence: LeaseFence): Promise<void> {
    for (const configuration of this.configurations.all().filter((c) => c.active)) {
      if (!(await fence.stillHeld())) {
        this.logger.warn({ epoch: fence.epoch }, 'reconciliation-schedule lease lost mid-round; the new holder schedules the rest');
        return;
      }
      try {
        await this.reconciliation.enqueue(configuration.tenantId, 'scheduled');
      } catch (error) {
        this.logger.error({ err: error, tenantId: configuration.tenantId }, 'could not queue a scheduled reconciliation');
      }
    }
  }
}
