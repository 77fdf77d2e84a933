import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { TenantConfiguration } from '@ferry/contracts';
import { PostgresNotificationListener, databaseUrl } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { gauge } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import type { DeliveryConfig } from '../delivery.config';
import { LaneLeaseRepository, type LaneOverview } from '../leases/lane-lease.repository';
import { DeliveryQueue } from '../queue/delivery-queue';
import { laneId, type LaneKey } from '../queue/lane-key';
import { DeliveryAttemptService } from './delivery-attempt.service';
import { DeliveryLane, type LaneServices } from './delivery-lane';
import { DeliveryOutcomeReporter } from './delivery-outcome-reporter';
import { FairSlots } from './fair-slots';

/** A lane with nothing to do gives its lease back after this long, so ownership follows the work. */
const IDLE_RELEASE_MS = 30_000;
/** Every this many sweeps each held lane re-reads its queue in full (notifications are only a shortcut). */
const FULL_RELOAD_EVERY = 10;

export interface LaneStatus extends LaneOverview {
  heldHere: boolean;
  circuit: string | null;
}

/**
 * The lanes (tenant × ERP connection) this replica drives. A lane is taken by the replica whose consumer
 * received work for it, or by whoever sweeps first when its holder is gone; leases are renewed every sweep,
 * so at most one replica sends to a tenant's ERP at a time and its limits are kept in one place.
 */
@Injectable()
export class DeliveryLanesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly lanes = new Map<string, DeliveryLane>();
  private readonly acquiring = new Map<string, Promise<DeliveryLane | undefined>>();
  private readonly slots: FairSlots;
  private readonly listener: PostgresNotificationListener;
  private readonly services: LaneServices;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private sweeps = 0;
  private stopping = false;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly leases: LaneLeaseRepository,
    attempts: DeliveryAttemptService,
    private readonly reporter: DeliveryOutcomeReporter,
    private readonly configurations: TenantConfigurationView,
    @Inject(PLATFORM_CONFIG) private readonly config: DeliveryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.slots = new FairSlots(config.maxInFlight);
    const slots = this.slots;
    gauge('ferry_delivery_slots_in_use', 'ERP calls this replica has in flight or set aside for a lane', [], function () {
      this.set(slots.used);
    });
    gauge('ferry_delivery_lanes_queued_for_slot', 'Lanes waiting for a free ERP call slot on this replica', [], function () {
      this.set(slots.queued);
    });
    this.services = {
      repository: queue,
      attempts,
      reporter,
      slots: this.slots,
      config,
      logger,
      configuration: (tenantId, atLeastVersion) => this.configurations.atLeastVersion(tenantId, atLeastVersion),
      currentConfiguration: (tenantId) => this.configurations.cached(tenantId),
    };
    this.listener = new PostgresNotificationListener(
      databaseUrl(config.database.serverUrl, config.database.name),
      DeliveryQueue.NOTIFY_CHANNEL,
      logger,
      {
        onNotification: (payload) =>
          void this.lanes
            .get(payload)
            ?.refresh()
            .catch(() => undefined),
        onReconnected: () => this.lanes.forEach((lane) => void lane.load().catch(() => undefined)),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.configurations.ready();
    this.configurations.onChange((configuration) => this.configurationChanged(configuration));
    await this.listener.start();
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    void this.sweep();
  }

  /** Commands this replica's consumer just queued: drive their lanes here unless another replica already does. */
  async commandsArrived(lanes: LaneKey[]): Promise<void> {
    if (this.stopping) return;
    await Promise.all(
      lanes.map(async (lane) => {
        const held = this.lanes.get(laneId(lane));
        if (held) await held.refresh().catch(() => undefined);
        else await this.acquire(lane);
      }),
    );
  }

  async status(tenantId: string): Promise<LaneStatus[]> {
    const overview = await this.leases.overview(tenantId);
    return overview.map((lane) => {
      const held = this.lanes.get(laneId(lane));
      return { ...lane, heldHere: held !== undefined, circuit: held ? held.circuit : null };
    });
  }

  /** An operator lifts a park (e.g. after fixing credentials outside Ferry); the holder notices on its next sweep. */
  async resume(lane: LaneKey): Promise<boolean> {
    const resumed = await this.queue.unpark(lane);
    if (resumed) await this.sweep();
    return resumed;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const lanes = [...this.lanes.values()];
    await Promise.all(lanes.map((lane) => lane.drain(20_000)));
    await Promise.all(lanes.map((lane) => this.leases.release(lane.lane, this.config.instanceId, lane.epoch).catch(() => undefined)));
    this.lanes.clear();
    await this.listener.stop();
    this.logger.info({ lanes: lanes.length }, 'delivery lanes handed back');
  }

  private configurationChanged(configuration: TenantConfiguration): void {
    for (const lane of this.lanes.values()) {
      if (lane.lane.tenantId === configuration.tenantId) void lane.configurationChanged(configuration).catch(() => undefined);
    }
  }

  private acquire(lane: LaneKey): Promise<DeliveryLane | undefined> {
    const key = laneId(lane);
    const running = this.acquiring.get(key);
    if (running) return running;
    const attempt = (async () => {
      try {
        const lease = await this.queue.acquireLane(lane, this.config.instanceId, this.config.laneLeaseMs);
        if (!lease || this.stopping) return undefined;
        const taken = new DeliveryLane(lane, lease, this.services);
        this.lanes.set(key, taken);
        await taken.load();
        void this.reporter.publishOutcomes(lane);
        this.logger.info({ tenantId: lane.tenantId, connectionId: lane.connectionId, pending: taken.pending }, 'delivery lane taken');
        return taken;
      } catch (error) {
        this.logger.warn({ err: error, tenantId: lane.tenantId, connectionId: lane.connectionId }, 'could not take a delivery lane yet');
        return undefined;
      } finally {
        this.acquiring.delete(key);
      }
    })();
    this.acquiring.set(key, attempt);
    return attempt;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.stopping) return;
    this.sweeping = true;
    this.sweeps += 1;
    try {
      await this.renewLeases();
      const fullReload = this.sweeps % FULL_RELOAD_EVERY === 0 || !this.listener.connected;
      for (const lane of this.lanes.values()) {
        void this.reporter.publishOutcomes(lane.lane);
        if (fullReload) await lane.load().catch(() => undefined);
      }
      await this.releaseIdleLanes();
      for (const orphan of await this.leases.orphaned()) {
        if (!this.lanes.has(laneId(orphan))) await this.acquire(orphan);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'delivery sweep incomplete; next sweep retries');
    } finally {
      this.sweeping = false;
    }
  }

  private async renewLeases(): Promise<void> {
    // Only the lanes asked about: a lane taken while the renewal was on its way is not in its answer, and reading
    // that absence as "lost" stopped a lane just taken (its lease ours in the database, nobody delivering).
    const held = [...this.lanes.entries()];
    const renewed = await this.leases.renew(
      this.config.instanceId,
      held.map(([, lane]) => ({ lane: lane.lane, epoch: lane.epoch })),
      this.config.laneLeaseMs,
    );
    for (const [key, lane] of held) {
      if (this.lanes.get(key) !== lane) continue;
      const lease = renewed.get(key);
      if (lease) {
        lane.applyLease(lease);
        continue;
      }
      // Another replica took the lane (our lease lapsed): stop sending at once; it looks up what we had in flight.
      this.logger.warn({ tenantId: lane.lane.tenantId, connectionId: lane.lane.connectionId }, 'delivery lane lost to another replica');
      lane.stop();
      this.lanes.delete(key);
    }
  }

  private async releaseIdleLanes(): Promise<void> {
    for (const [key, lane] of this.lanes) {
      if (lane.idleFor() < IDLE_RELEASE_MS || (await this.queue.laneHasWork(lane.lane))) continue;
      lane.stop();
      this.lanes.delete(key);
      await this.leases.release(lane.lane, this.config.instanceId, lane.epoch);
    }
  }
}
