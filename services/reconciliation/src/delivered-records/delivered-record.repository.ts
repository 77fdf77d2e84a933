import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';
import type { DeliveredRecord } from '../reconciliation/record-comparison';

/** One delivery as the sync-status topic reported it, for Ferry's books. */
export interface DeliveryReport {
  tenantId: string;
  connectionId: string;
  recordType: string;
  externalId: string;
  erpRecordId: string | null;
  contentHash: string;
  entityVersion: number;
  eventId: string;
  /** Epoch milliseconds. */
  deliveredAt: number;
}

/** Queries only: Ferry's books of delivered records, the latest content hash per ERP record. */
@Injectable()
export class DeliveredRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the delivery unless a newer entity version of the same record is already in the books. */
  async recordUnlessOlder(report: DeliveryReport): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO delivered_record (tenant_id, connection_id, record_type, external_id, erp_record_id, content_hash, entity_version, event_id, delivered_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,to_timestamp($9 / 1000.0))
         ON CONFLICT (tenant_id, connection_id, record_type, external_id) DO UPDATE SET
           erp_record_id = EXCLUDED.erp_record_id, content_hash = EXCLUDED.content_hash, entity_version = EXCLUDED.entity_version,
           event_id = EXCLUDED.event_id, delivered_at = EXCLUDED.delivered_at
         WHERE delivered_record.entity_version <= EXCLUDED.entity_version`,
        [
          report.tenantId,
          report.connectionId,
          report.recordType,
          report.externalId,
          report.erpRecordId,
          report.contentHash,
          report.entityVersion,
          report.eventId,
          report.deliveredAt,
        ],
      )
      .catch((error: unknown) => {
        throw infrastructure('DATABASE_UNAVAILABLE', `reconciliation database unavailable: ${(error as Error).message}`, error);
      });
  }

  /** The records Ferry delivered to one connection's record type, by external id. */
  async listForRecordType(tenantId: string, connectionId: string, recordType: string): Promise<DeliveredRecord[]> {
    return (await this.dataSource.query(
      `SELECT external_id AS "externalId", erp_record_id AS "erpRecordId", content_hash AS "contentHash" FROM delivered_record
       WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3 ORDER BY external_id`,
      [tenantId, connectionId, recordType],
    )) as DeliveredRecord[];
  }
}
