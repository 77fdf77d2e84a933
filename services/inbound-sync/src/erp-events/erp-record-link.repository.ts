import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';
import type { ErpReference } from './netsuite-erp-events';

/** One ERP record Ferry delivered, and the product entity it is. */
export interface ErpRecordLink {
  tenantId: string;
  connectionId: string;
  recordType: string;
  erpRecordId: string;
  externalId: string;
  entityType: string;
  entityId: string;
  entityVersion: number;
}

function unavailable(error: unknown): never {
  throw infrastructure('DATABASE_UNAVAILABLE', `ERP record links unavailable: ${(error as Error).message}`, error);
}

/** Queries only: which product entity each ERP record of a tenant connection is. */
@Injectable()
export class ErpRecordLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the link unless a newer entity version of the same record is already known. */
  async recordUnlessOlder(link: ErpRecordLink): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO erp_record_link (tenant_id, connection_id, record_type, erp_record_id, external_id, entity_type, entity_id, entity_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, connection_id, record_type, erp_record_id) DO UPDATE SET
           external_id = EXCLUDED.external_id, entity_type = EXCLUDED.entity_type, entity_id = EXCLUDED.entity_id,
           entity_version = EXCLUDED.entity_version, updated_at = now()
         WHERE erp_record_link.entity_version <= EXCLUDED.entity_version`,
        [
          link.tenantId,
          link.connectionId,
          link.recordType,
          link.erpRecordId,
          link.externalId,
          link.entityType,
          link.entityId,
          link.entityVersion,
        ],
      )
      .catch(unavailable);
  }

  /** The product ids of these records, keyed `recordType/erpRecordId`; records Ferry never delivered are absent. */
  async productIds(tenantId: string, connectionId: string, references: readonly ErpReference[]): Promise<Map<string, string>> {
    if (references.length === 0) return new Map();
    const rows = (await this.dataSource
      .query(
        `SELECT record_type, erp_record_id, entity_id FROM erp_record_link
         WHERE tenant_id = $1 AND connection_id = $2 AND (record_type, erp_record_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
        [tenantId, connectionId, references.map((r) => r.recordType), references.map((r) => r.erpRecordId)],
      )
      .catch(unavailable)) as { record_type: string; erp_record_id: string; entity_id: string }[];
    return new Map(rows.map((row) => [`${row.record_type}/${row.erp_record_id}`, row.entity_id]));
  }
}
