import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, deliveredRecordOf, type SyncStatus } from '@ferry/contracts';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry } from '@ferry/platform';
import { ErpRecordLinkRepository } from '../erp-events/erp-record-link.repository';
import { ERP_EVENT_ERP_KINDS } from '../erp-events/erp-event-feeds';
import { DeliveredContentRepository } from './delivered-content.repository';

/** The ERP kinds inbound-sync reads back, and the entity it reads: only their deliveries can come back as echoes. */
export const ECHO_ERP_KINDS: readonly string[] = ['netsuite', 'dynamics365', 'sap_s4'];
const ECHO_ENTITY_TYPE = 'customer';

/**
 * Learns what Ferry wrote to each ERP record from the sync-status topic's delivered statuses (never from a
 * delivery service's database), so the poller can tell Ferry's own writes from changes made in the ERP, and
 * which product entity each ERP record is (the ERP → product events name it).
 */
@Injectable()
export class DeliveredContentConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly deliveredContent: DeliveredContentRepository,
    private readonly links: ErpRecordLinkRepository,
  ) {
    this.consumer = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handle(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const delivered = deliveredRecordOf(value);
    // Every entity delivered to an ERP whose changes go to the product: its events name the product's id.
    if (delivered?.erpRecordId && delivered.erpKind && ERP_EVENT_ERP_KINDS.includes(delivered.erpKind)) {
      await this.links.recordUnlessOlder({
        tenantId: delivered.tenantId,
        connectionId: delivered.connectionId,
        recordType: delivered.recordType,
        erpRecordId: delivered.erpRecordId,
        externalId: delivered.externalId,
        entityType: delivered.entityType,
        entityId: value.entityId,
        entityVersion: delivered.entityVersion,
      });
    }
    if (!delivered || delivered.entityType !== ECHO_ENTITY_TYPE || !delivered.erpKind || !ECHO_ERP_KINDS.includes(delivered.erpKind))
      return;
    const { tenantId, connectionId, recordType, externalId, contentHash, entityVersion, deliveredAt } = delivered;
    await this.deliveredContent.recordUnlessOlder({
      tenantId,
      connectionId,
      recordType,
      externalId,
      contentHash,
      entityVersion,
      deliveredAt,
    });
  }
}
