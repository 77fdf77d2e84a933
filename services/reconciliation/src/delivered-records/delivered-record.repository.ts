import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';

/** One delivery as the sync-status topic reported it, for Ferry's books. */
export interface DeliveryReport {
  tenantId: string;
  connectionId: string;
  recordType: string;
  externalId: string;
  erpRecordId: string | null;
  contentHash: string;
  /** The canonical entity delivered; null in rows stored before the books learnt it. */
  entityType: string | null;
  entityId: string | null;
  entityVersion: number;
  eventId: string;
  /** Epoch milliseconds. */
  deliveredAt: number;
}

/** A canonical entity version as the product published it (the body: Customer, SalesOrder, …). */
export interface CanonicalVersion {
  tenantId: string;
  entityType: string;
  entityId: string;
  entityVersion: number;
  body: Record<string, unknown>;
}

/** A row of the books with the canonical body it delivered, when the books hold that version's body. */
export interface BookEntry {
  externalId: string;
  erpRecordId: string | null;
  entityVersion: number;
  deliveredAt: number;
  body: Record<string, unknown> | null;
}

const unavailable = (error: unknown): never => {
  throw infrastructure('DATABASE_UNAVAILABLE', `reconciliation database unavailable: ${(error as Error).message}`, error);
};

/** Queries only: Ferry's books of delivered records (latest per ERP record) and the canonical bodies they delivered. */
@Injectable()
export class DeliveredRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the delivery unless a newer entity version of the same record is already in the books. */
  async recordUnlessOlder(report: DeliveryReport): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO delivered_record (tenant_id, connection_id, record_type, external_id, erp_record_id, content_hash, entity_type, entity_id, entity_version, event_id, delivered_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,to_timestamp($11 / 1000.0))
         ON CONFLICT (tenant_id, connection_id, record_type, external_id) DO UPDATE SET
           erp_record_id = EXCLUDED.erp_record_id, content_hash = EXCLUDED.content_hash, entity_type = EXCLUDED.entity_type,
           entity_id = EXCLUDED.entity_id, entity_version = EXCLUDED.entity_version, event_id = EXCLUDED.event_id,
           delivered_at = EXCLUDED.delivered_at
         WHERE delivered_record.entity_version <= EXCLUDED.entity_version`,
        [
          report.tenantId,
          report.connectionId,
          report.recordType,
          report.externalId,
          report.erpRecordId,
          report.contentHash,
          report.entityType,
          report.entityId,
          report.entityVersion,
          report.eventId,
          report.deliveredAt,
        ],
      )
      .catch(unavailable);
  }

  /** Keeps a canonical body (idempotent: a version is written once, a redelivered event changes nothing). */
  async recordCanonicalVersion(version: CanonicalVersion): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO canonical_version (tenant_id, entity_type, entity_id, entity_version, body) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT DO NOTHING`,
        [version.tenantId, version.entityType, version.entityId, version.entityVersion, JSON.stringify(version.body)],
      )
      .catch(unavailable);
  }

  /**
   * The next page of one connection's record type after `afterExternalId`, in byte order of the external id
   * (the order the ERP side is read in), each with the canonical body of the version it delivered.
   */
  async pageAfter(
    scope: { tenantId: string; connectionId: string; recordType: string },
    afterExternalId: string | undefined,
    limit: number,
  ): Promise<BookEntry[]> {
    const rows = (await this.dataSource
      .query(
        `SELECT d.external_id AS "externalId", d.erp_record_id AS "erpRecordId", d.entity_version AS "entityVersion",
                (extract(epoch FROM d.delivered_at) * 1000)::float8 AS "deliveredAt", c.body AS body
         FROM delivered_record d
         LEFT JOIN canonical_version c ON c.tenant_id = d.tenant_id AND c.entity_type = d.entity_type
                                      AND c.entity_id = d.entity_id AND c.entity_version = d.entity_version
         WHERE d.tenant_id = $1 AND d.connection_id = $2 AND d.record_type = $3
           AND ($4::text IS NULL OR d.external_id COLLATE "C" > $4::text COLLATE "C")
         ORDER BY d.external_id COLLATE "C"
         LIMIT $5`,
        [scope.tenantId, scope.connectionId, scope.recordType, afterExternalId ?? null, limit],
      )
      .catch(unavailable)) as (Omit<BookEntry, 'entityVersion'> & { entityVersion: string })[];
    return rows.map((row) => ({ ...row, entityVersion: Number(row.entityVersion) }));
  }

  /**
   * The next page, after `afterExternalId` in byte order, of the records Ferry delivered after `changedAfter`
   * (epoch ms), or whose canonical body the books received after it: an incremental run's side of the books.
   */
  async changedPageAfter(
    scope: { tenantId: string; connectionId: string; recordType: string },
    afterExternalId: string | undefined,
    changedAfter: number,
    limit: number,
  ): Promise<BookEntry[]> {
    const rows = (await this.dataSource
      .query(
        `WITH changed AS (
           SELECT d.external_id FROM delivered_record d
           WHERE d.tenant_id = $1 AND d.connection_id = $2 AND d.record_type = $3 AND d.delivered_at > to_timestamp($5 / 1000.0)
           UNION
           SELECT d.external_id FROM canonical_version c
           JOIN delivered_record d ON d.tenant_id = c.tenant_id AND d.entity_type = c.entity_type AND d.entity_id = c.entity_id
                                  AND d.entity_version = c.entity_version
           WHERE c.tenant_id = $1 AND c.recorded_at > to_timestamp($5 / 1000.0) AND d.connection_id = $2 AND d.record_type = $3)
         SELECT d.external_id AS "externalId", d.erp_record_id AS "erpRecordId", d.entity_version AS "entityVersion",
                (extract(epoch FROM d.delivered_at) * 1000)::float8 AS "deliveredAt", c.body AS body
         FROM changed
         JOIN delivered_record d ON d.tenant_id = $1 AND d.connection_id = $2 AND d.record_type = $3 AND d.external_id = changed.external_id
         LEFT JOIN canonical_version c ON c.tenant_id = d.tenant_id AND c.entity_type = d.entity_type
                                      AND c.entity_id = d.entity_id AND c.entity_version = d.entity_version
         WHERE ($4::text IS NULL OR d.external_id COLLATE "C" > $4::text COLLATE "C")
         ORDER BY d.external_id COLLATE "C"
         LIMIT $6`,
        [scope.tenantId, scope.connectionId, scope.recordType, afterExternalId ?? null, changedAfter, limit],
      )
      .catch(unavailable)) as (Omit<BookEntry, 'entityVersion'> & { entityVersion: string })[];
    return rows.map((row) => ({ ...row, entityVersion: Number(row.entityVersion) }));
  }

  /** The books' entries for these external ids (those the books hold), by external id. */
  async entriesFor(
    scope: { tenantId: string; connectionId: string; recordType: string },
    externalIds: readonly string[],
  ): Promise<Map<string, BookEntry>> {
    if (externalIds.length === 0) return new Map();
    const rows = (await this.dataSource
      .query(
        `SELECT d.external_id AS "externalId", d.erp_record_id AS "erpRecordId", d.entity_version AS "entityVersion",
                (extract(epoch FROM d.delivered_at) * 1000)::float8 AS "deliveredAt", c.body AS body
         FROM delivered_record d
         LEFT JOIN canonical_version c ON c.tenant_id = d.tenant_id AND c.entity_type = d.entity_type
                                      AND c.entity_id = d.entity_id AND c.entity_version = d.entity_version
         WHERE d.tenant_id = $1 AND d.connection_id = $2 AND d.record_type = $3 AND d.external_id = ANY($4::text[])`,
        [scope.tenantId, scope.connectionId, scope.recordType, externalIds],
      )
      .catch(unavailable)) as (Omit<BookEntry, 'entityVersion'> & { entityVersion: string })[];
    return new Map(rows.map((row) => [row.externalId, { ...row, entityVersion: Number(row.entityVersion) }]));
  }

  /** The latest canonical version the books hold of the entity a record was delivered from (what a repair sends again). */
  async latestCanonicalOf(
    scope: { tenantId: string; connectionId: string; recordType: string },
    externalId: string,
  ): Promise<CanonicalVersion | undefined> {
    const [row] = (await this.dataSource
      .query(
        `SELECT c.tenant_id AS "tenantId", c.entity_type AS "entityType", c.entity_id AS "entityId", c.entity_version AS "entityVersion", c.body
         FROM delivered_record d
         JOIN canonical_version c ON c.tenant_id = d.tenant_id AND c.entity_type = d.entity_type AND c.entity_id = d.entity_id
         WHERE d.tenant_id = $1 AND d.connection_id = $2 AND d.record_type = $3 AND d.external_id = $4
         ORDER BY c.entity_version DESC LIMIT 1`,
        [scope.tenantId, scope.connectionId, scope.recordType, externalId],
      )
      .catch(unavailable)) as (Omit<CanonicalVersion, 'entityVersion'> & { entityVersion: string })[];
    return row ? { ...row, entityVersion: Number(row.entityVersion) } : undefined;
  }

  /** How many records the books hold for one connection's record type: a run's expected total, for its ETA. */
  async countFor(scope: { tenantId: string; connectionId: string; recordType: string }): Promise<number> {
    const [row] = (await this.dataSource
      .query(`SELECT count(*)::bigint AS n FROM delivered_record WHERE tenant_id = $1 AND connection_id = $2 AND record_type = $3`, [
        scope.tenantId,
        scope.connectionId,
        scope.recordType,
      ])
      .catch(unavailable)) as { n: string }[];
    return Number(row?.n ?? 0);
  }

  /** Ferry's external ids of ERP records, by `<recordType>/<erpRecordId>`: how references are read back. */
  async externalIdsOf(
    tenantId: string,
    connectionId: string,
    erpRecords: readonly { erpRecordType: string; erpRecordId: string }[],
  ): Promise<Map<string, string>> {
    if (erpRecords.length === 0) return new Map();
    const rows = (await this.dataSource
      .query(
        `SELECT d.record_type AS "recordType", d.erp_record_id AS "erpRecordId", d.external_id AS "externalId"
         FROM unnest($3::text[], $4::text[]) AS wanted(record_type, erp_record_id)
         JOIN delivered_record d ON d.tenant_id = $1 AND d.connection_id = $2
                                AND d.erp_record_id = wanted.erp_record_id AND d.record_type = wanted.record_type`,
        [tenantId, connectionId, erpRecords.map((r) => r.erpRecordType), erpRecords.map((r) => r.erpRecordId)],
      )
      .catch(unavailable)) as { recordType: string; erpRecordId: string; externalId: string }[];
    return new Map(rows.map((row) => [`${row.recordType}/${row.erpRecordId}`, row.externalId]));
  }
}
