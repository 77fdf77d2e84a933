import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchemaCatalog, Topics, deliveredRecordOf, type CanonicalEvent, type SyncStatus } from '@ferry/contracts';
import { permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry } from '@ferry/platform';
import { DeliveredRecordRepository } from './delivered-record.repository';

/**
 * Ferry's own books for reconciliation, from topics only (never the delivery service's database): the latest
 * delivered version per ERP record from the sync-status topic (an older entity version never replaces a newer
 * one), and the canonical body of every version from the canonical-events topic, so a run compares fields.
 */
@Injectable()
export class DeliveredRecordsConsumer implements OnApplicationBootstrap {
  /** One consumer (one group) for both topics: the two are joined when a run reads the books, not on arrival. */
  private readonly consumer: TopicConsumer<SyncStatus | CanonicalEvent>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly catalog: SchemaCatalog,
    private readonly deliveredRecords: DeliveredRecordRepository,
  ) {
    this.consumer = consumers.create<SyncStatus | CanonicalEvent>({
      topics: [Topics.syncStatus, Topics.canonicalEvents],
      handle: (message) =>
        message.topic === Topics.canonicalEvents
          ? this.handleCanonicalEvent(message as ConsumedMessage<CanonicalEvent>)
          : this.handleStatus(message as ConsumedMessage<SyncStatus>),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
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
