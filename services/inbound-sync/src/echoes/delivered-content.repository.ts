import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';
import type { LastDelivery } from './echo-decision';

/** One ERP record of one tenant connection, by Ferry's external id. */
export interface DeliveredRecordKey {
  tenantId: string;
  connectionId: string;
  recordType: string;
}

/** One delivery as the sync-status topic reported it. */
export interface DeliveredContent extends DeliveredRecordKey {
  externalId: string;
  contentHash: string;
  entityVersion: number;
  /** Epoch milliseconds. */
  deliveredAt: number;
}

function unavailable(error: unknown): never {
  throw infrastructure('DATABASE_UNAVAILABLE', `delivered content unavailable: ${(error as Error).message}`, error);
}

/** Queries only: what Ferry last wrote to each ERP record, one row per tenant, connection, record type and external id. */
@Injectable()
export class DeliveredContentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the delivery unless a newer entity version of the same record is already known. */
  async recordUnlessOlder(delivery: DeliveredContent): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO delivered_content (tenant_id, connection_id, record_type, external_id, content_hash, entity_version, delivered_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0))
         ON CONFLICT (tenant_id, connection_id, record_type, external_id) DO UPDATE SET
           content_hash = EXCLUDED.content_hash, entity_version = EXCLUDED.entity_version, delivered_at = EXCLUDED.delivered_at
         WHERE delivered_content.entity_version <= EXCLUDED.entity_version`,
        [
          delivery.tenantId,
          delivery.connectionId,
          delivery.recordType,
          delivery.externalId,
          delivery.contentHash,
          delivery.entityVersion,
          delivery.deliveredAt,
        ],
      )
      .catch(unavailable);
  }

  /** What Ferry last delivered to these records, by external id (records Ferry never delivered to are absent). */
  async lastDeliveries(key: DeliveredRecordKey, externalIds: readonly string[]): Promise<Map<string, LastDelivery>> {
    if (externalIds.length === 0) return new Map();
    const rows = (await this.dataSource
      .query(
        `SELECT external_id, content_hash FROM delivered_content
         WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 AND external_id = ANY($4)`,
        [key.tenantId, key.connectionId, key.recordType, [...externalIds]],
      )
      .catch(unavailable)) as { external_id: string; content_hash: string }[];
    return new Map(rows.map((row) => [row.external_id, { contentHash: row.content_hash }]));
  }
}
