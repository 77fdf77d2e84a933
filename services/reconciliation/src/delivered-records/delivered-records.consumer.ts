import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics, type SyncStatus } from '@ferry/contracts';
import { infrastructure, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry } from '@ferry/platform';

/**
 * Ferry's own books for reconciliation: the latest delivered content hash per ERP record, learnt from the
 * sync-status topic (never from the delivery service's database). An older entity version never replaces a newer one.
 */
@Injectable()
export class DeliveredRecordsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly dataSource: DataSource,
  ) {
    this.consumer = consumers.create<SyncStatus>({ topics: [Topics.syncStatus], handle: (message) => this.handle(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    if (
      value.stage !== 'delivery' ||
      value.status !== 'delivered' ||
      !value.connectionId ||
      !value.recordType ||
      !value.externalId ||
      !value.contentHash
    )
      return;
    await this.dataSource
      .query(
        `INSERT INTO delivered_record (tenant_id, connection_id, record_type, external_id, erp_record_id, content_hash, entity_version, event_id, delivered_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,to_timestamp($9 / 1000.0))
         ON CONFLICT (tenant_id, connection_id, record_type, external_id) DO UPDATE SET
           erp_record_id = EXCLUDED.erp_record_id, content_hash = EXCLUDED.content_hash, entity_version = EXCLUDED.entity_version,
           event_id = EXCLUDED.event_id, delivered_at = EXCLUDED.delivered_at
         WHERE delivered_record.entity_version <= EXCLUDED.entity_version`,
        [
          value.tenantId,
          value.connectionId,
          value.recordType,
          value.externalId,
          value.erpRecordId ?? null,
          value.contentHash,
          value.entityVersion,
          value.eventId,
          value.recordedAt,
        ],
      )
      .catch((error: unknown) => {
        throw infrastructure('DATABASE_UNAVAILABLE', `reconciliation database unavailable: ${(error as Error).message}`, error);
      });
  }
}
