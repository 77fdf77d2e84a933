import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import type { ReconciliationConfig } from '../reconciliation.config';
import { ReconciliationService } from './reconciliation.service';

/** Reconciles every configured tenant every RECONCILIATION_INTERVAL_SECONDS, one tenant at a time. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly configurations: TenantConfigurationView,
    @Inject(PLATFORM_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.runAll().finally(() => (this.running = undefined));
    }, this.config.intervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runAll(): Promise<void> {
    for (const configuration of this.configurations.all().filter((c) => c.active)) {
      try {
        await this.reconciliation.run(configuration.tenantId, 'scheduled');
      } catch (error) {
        this.logger.error({ err: error, tenantId: configuration.tenantId }, 'scheduled reconciliation failed');
      }
    }
  }
}
