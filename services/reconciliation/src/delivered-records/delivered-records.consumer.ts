import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchemaCatalog, Topics, deliveredRecordOf, type CanonicalEvent, type SyncStatus } from '@ferry/contracts';
import { permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, PLATFORM_CONFIG } from '@ferry/platform';
import type { ReconciliationConfig } from '../reconciliation.config';
import { DeliveredRecordRepository } from './delivered-record.repository';

/**
 * Ferry's own books for reconciliation, from topics only (never the delivery service's database): the latest
 * delivered version per ERP record from the sync-status topic (an older entity version never replaces a newer
 * one), and the canonical body of every version from the canonical-events topic, so a run compares fields.
 * Two consumer groups: the canonical-events backlog a new deployment reads from the beginning
 * (RECONCILIATION_CANONICAL_EVENTS_FROM) never holds up the delivered statuses.
 */
@Injectable()
export class DeliveredRecordsConsumer implements OnApplicationBootstrap {
  private readonly statuses: TopicConsumer<SyncStatus>;
  private readonly canonicalEvents: TopicConsumer<CanonicalEvent>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly catalog: SchemaCatalog,
    private readonly deliveredRecords: DeliveredRecordRepository,
    @Inject(PLATFORM_CONFIG) config: ReconciliationConfig,
  ) {
    this.statuses = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handleStatus(message) });
    this.canonicalEvents = consumers.create<CanonicalEvent>({
      topics: [Topics.canonicalEvents],
      groupId: `${config.kafka.groupIdPrefix}-${config.service}-canonical-bodies`,
      fromBeginning: config.canonicalEventsFrom === 'earliest',
      handle: (message) => this.handleCanonicalEvent(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.statuses.start();
    await this.canonicalEvents.start();
  }

  private async handleStatus({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const delivered = deliveredRecordOf(value);
    if (!delivered) return;
    const { erpKind: _erpKind, ...record } = delivered;
    await this.deliveredRecords.recordUnlessOlder(record);
  }

  private async handleCanonicalEvent({ value, recordName }: ConsumedMessage<CanonicalEvent>): Promise<void> {
    const entry = this.catalog.canonicalEvents().find((candidate) => candidate.subject === recordName);
    if (!entry?.entityType || !entry.bodyField)
      throw permanent('NOT_A_CANONICAL_EVENT', `record ${recordName} is not a canonical event`, 'invalid');
    const body = value[entry.bodyField];
    if (typeof body !== 'object' || body === null) throw permanent('NO_ENTITY_BODY', `${recordName} has no ${entry.bodyField}`, 'invalid');
    await this.deliveredRecords.recordCanonicalVersion({
      tenantId: value.envelope.tenantId,
      entityType: entry.entityType,
      entityId: value.envelope.entityId,
      entityVersion: Number(value.envelope.entityVersion),
      body: JSON.parse(JSON.stringify(body)) as Record<string, unknown>,
    });
  }
}
