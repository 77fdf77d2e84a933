import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { ConsumerLagCollector, type GroupTopicLag } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter, gauge } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import type { ObservabilityConfig } from '../observability.config';
import { SyncStatusRepository, type AggregateRow } from '../sync-status/sync-status.repository';
import { ExporterLease } from './exporter-lease';
import { ServiceLevelsRepository } from './service-levels.repository';
import type { BacklogRow, OpenExceptionRow } from './service-levels';

interface Snapshot {
  aggregates: AggregateRow[];
  backlog: BacklogRow[];
  openExceptions: OpenExceptionRow[];
  lag: GroupTopicLag[];
}

/** Scrapes of several Prometheis (or of several metrics) within this long share one read of the database and broker. */
const SNAPSHOT_MS = 5_000;
const HOURLY_RETENTION_MS = 8 * 24 * 3600_000;

/**
 * The shared figures, exported by the exporter-lease holder only (see ExporterLease). Tenant business SLIs
 * carry tenant_id, sparse where they can be (backlog, freshness and open exceptions only while non-zero);
 * consumer lag is platform health, per group and topic, without tenants.
 */
@Injectable()
export class ServiceLevelMetrics implements OnModuleInit, OnApplicationShutdown {
  private snapshot: Promise<Snapshot | undefined> | undefined;
  private readonly lag: ConsumerLagCollector;
  private housekeeping: NodeJS.Timeout | undefined;

  constructor(
    private readonly lease: ExporterLease,
    private readonly syncStatuses: SyncStatusRepository,
    private readonly serviceLevels: ServiceLevelsRepository,
    kafka: Kafka,
    @Inject(PLATFORM_CONFIG) config: ObservabilityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lag = new ConsumerLagCollector(kafka, config.kafka.groupIdPrefix);
  }

  onModuleInit(): void {
    const read = () => this.current();
    const now = () => Date.now();
    counter(
      'ferry_sync_events_total',
      'Sync outcomes recorded per tenant (from the PostgreSQL aggregates; exported by one replica)',
      ['tenant_id', 'entity_type', 'stage', 'status'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.aggregates ?? [])
          this.inc({ tenant_id: row.tenantId, entity_type: row.entityType, stage: row.stage, status: row.status }, row.eventCount);
      },
    );
    counter(
      'ferry_sync_completions_total',
      'Deliveries the ERP acknowledged, per tenant, within the completion objective (objective="met") or not ("missed")',
      ['tenant_id', 'entity_type', 'objective'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.aggregates ?? []) {
          if (row.stage !== 'delivery' || row.status !== 'delivered') continue;
          const labels = { tenant_id: row.tenantId, entity_type: row.entityType };
          this.inc({ ...labels, objective: 'met' }, row.withinObjectiveCount);
          this.inc({ ...labels, objective: 'missed' }, row.eventCount - row.withinObjectiveCount);
        }
      },
    );
    gauge(
      'ferry_sync_backlog',
      'Deliveries routed to an ERP connection and not final yet, per tenant and entity type (absent = none)',
      ['tenant_id', 'entity_type'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.backlog ?? []) this.set({ tenant_id: row.tenantId, entity_type: row.entityType }, row.count);
      },
    );
    gauge(
      'ferry_sync_oldest_undelivered_age_seconds',
      'Freshness: age of the oldest event not delivered yet, per tenant and entity type (absent = nothing waits)',
      ['tenant_id', 'entity_type'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.backlog ?? [])
          this.set(
            { tenant_id: row.tenantId, entity_type: row.entityType },
            Math.max(0, (now() - row.oldestEventOccurredAt.getTime()) / 1000),
          );
      },
    );
    gauge(
      'ferry_dead_letters_open',
      'Exceptions (dead letters) not replayed yet, per tenant (absent = none)',
      ['tenant_id'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.openExceptions ?? []) this.set({ tenant_id: row.tenantId }, row.count);
      },
    );
    gauge(
      'ferry_dead_letters_oldest_open_age_seconds',
      'Age of the oldest open exception, per tenant (absent = none)',
      ['tenant_id'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.openExceptions ?? [])
          this.set({ tenant_id: row.tenantId }, Math.max(0, (now() - row.oldestOpenedAt.getTime()) / 1000));
      },
    );
    gauge(
      'ferry_kafka_consumer_group_lag',
      'Messages a Ferry consumer group has not committed yet, per topic',
      ['group', 'topic'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.lag ?? []) this.set({ group: row.group, topic: row.topic }, row.lag);
      },
    );
    gauge(
      'ferry_kafka_consumer_group_committed_offset',
      "Sum of a Ferry consumer group's committed offsets over a topic's partitions (flat = the group commits nothing)",
      ['group', 'topic'],
      async function () {
        const snapshot = await read();
        this.reset();
        for (const row of snapshot?.lag ?? []) this.set({ group: row.group, topic: row.topic }, row.committed);
      },
    );
    this.housekeeping = setInterval(() => void this.forgetOldHours(), 3600_000);
    this.housekeeping.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.housekeeping) clearInterval(this.housekeeping);
    await this.lag.close();
  }

  /** The figures of this scrape, or undefined when another replica holds the lease (this one exports none). */
  private current(): Promise<Snapshot | undefined> {
    if (!this.lease.isHeld()) return Promise.resolve(undefined);
    const pending = this.snapshot;
    if (pending) return pending;
    const taking = this.take();
    this.snapshot = taking;
    void taking.finally(() => setTimeout(() => (this.snapshot === taking ? (this.snapshot = undefined) : undefined), SNAPSHOT_MS).unref());
    return taking;
  }

  private async take(): Promise<Snapshot | undefined> {
    try {
      const [aggregates, backlog, openExceptions, lag] = await Promise.all([
        this.syncStatuses.aggregates(),
        this.serviceLevels.backlog(),
        this.serviceLevels.openExceptions(),
        this.lag.collect().catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not read consumer lag');
          return [];
        }),
      ]);
      return { aggregates, backlog, openExceptions, lag };
    } catch (error) {
      // The database is away: this scrape has no shared figures, but the rest of /metrics still answers.
      this.logger.warn({ err: error }, 'could not read the service-level figures');
      return undefined;
    }
  }

  private async forgetOldHours(): Promise<void> {
    if (!this.lease.isHeld()) return;
    await this.serviceLevels
      .forgetHoursBefore(new Date(Date.now() - HOURLY_RETENTION_MS))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not forget old hourly rollups'));
  }
}
