import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@ferry/logging';
import { gauge } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import type { ObservabilityConfig } from '../observability.config';
import { ExporterLeaseRepository } from './exporter-lease.repository';

const LEASE = 'service-level-metrics';
export const EXPORTER_LEASE_TTL_MS = 15_000;

/**
 * Which replica exports the figures every replica could read from the shared database (tenant totals, backlog,
 * open exceptions) and from the broker (consumer lag): only the lease holder does, so a dashboard's sum() over
 * replicas counts them once. Renewed every third of its life; a holder that cannot renew stops exporting when
 * its lease would have run out, before another replica may take it over.
 */
@Injectable()
export class ExporterLease implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly holder: string;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: ExporterLeaseRepository,
    @Inject(PLATFORM_CONFIG) config: ObservabilityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.holder = `${config.instanceId}/${randomUUID().slice(0, 8)}`;
    const held = () => this.isHeld();
    gauge(
      'ferry_metrics_exporter_leader',
      '1 on the one observability replica that exports the shared (database and broker) figures',
      [],
      function () {
        this.set(held() ? 1 : 0);
      },
    );
  }

  isHeld(now = Date.now()): boolean {
    return now < this.heldUntil;
  }

  async renew(): Promise<boolean> {
    const started = Date.now();
    const wasHeld = this.isHeld(started);
    try {
      const held = await this.repository.acquireOrRenew(LEASE, this.holder, EXPORTER_LEASE_TTL_MS);
      this.heldUntil = held ? started + EXPORTER_LEASE_TTL_MS : 0;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not renew the metrics exporter lease');
    }
    if (wasHeld !== this.isHeld()) this.logger.info({ holder: this.holder, held: this.isHeld() }, 'metrics exporter lease changed');
    return this.isHeld();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), EXPORTER_LEASE_TTL_MS / 3);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.isHeld()) return;
    this.heldUntil = 0;
    // Handing over at once instead of letting the lease run out keeps the exported series gap short.
    await this.repository.release(LEASE, this.holder).catch(() => undefined);
  }
}
