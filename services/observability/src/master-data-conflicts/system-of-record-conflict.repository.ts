import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SystemOfRecordConflict } from '@ferry/contracts';

/** A stored conflict as the API answers it. */
export interface StoredConflict extends Omit<SystemOfRecordConflict, 'changedAt' | 'detectedAt'> {
  changedAt: Date;
  detectedAt: Date;
}

export interface ConflictFilter {
  limit: number;
  entityId?: string;
  fieldGroup?: string;
}

/** Queries only: system-of-record conflicts, once per finding id. */
@Injectable()
export class SystemOfRecordConflictRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps a conflict; the same finding read again (a redelivery) changes nothing. */
  async record(conflict: SystemOfRecordConflict): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO system_of_record_conflict (finding_id, tenant_id, connection_id, erp_kind, domain, record_type, erp_record_id,
         external_id, entity_id, field_group, field_path, owner, erp_value_json, kept_value_json, changed_at, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, to_timestamp($15 / 1000.0), to_timestamp($16 / 1000.0))
       ON CONFLICT (finding_id) DO NOTHING`,
      [
        conflict.findingId,
        conflict.tenantId,
        conflict.connectionId,
        conflict.erpKind,
        conflict.domain,
        conflict.recordType,
        conflict.erpRecordId,
        conflict.externalId ?? null,
        conflict.entityId ?? null,
        conflict.fieldGroup,
        conflict.fieldPath,
        conflict.owner,
        conflict.erpValueJson ?? null,
        conflict.keptValueJson ?? null,
        Number(conflict.changedAt),
        Number(conflict.detectedAt),
      ],
    );
  }

  /** A tenant's conflicts, newest first. */
  async list(tenantId: string, filter: ConflictFilter): Promise<StoredConflict[]> {
    const conditions = ['tenant_id = $1'];
    const parameters: unknown[] = [tenantId];
    if (filter.entityId) conditions.push(`entity_id = $${parameters.push(filter.entityId)}`);
    if (filter.fieldGroup) conditions.push(`field_group = $${parameters.push(filter.fieldGroup)}`);
    const rows = (await this.dataSource.query(
      `SELECT * FROM system_of_record_conflict WHERE ${conditions.join(' AND ')} ORDER BY detected_at DESC, finding_id LIMIT $${parameters.push(filter.limit)}`,
      parameters,
    )) as Record<string, unknown>[];
    const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
    return rows.map((row) => ({
      findingId: String(row['finding_id']),
      tenantId: String(row['tenant_id']),
      connectionId: String(row['connection_id']),
      erpKind: String(row['erp_kind']),
      domain: String(row['domain']),
      recordType: String(row['record_type']),
      erpRecordId: String(row['erp_record_id']),
      externalId: text(row['external_id']),
      entityId: text(row['entity_id']),
      fieldGroup: String(row['field_group']),
      fieldPath: String(row['field_path']),
      owner: String(row['owner']),
      erpValueJson: text(row['erp_value_json']),
      keptValueJson: text(row['kept_value_json']),
      changedAt: row['changed_at'] as Date,
      detectedAt: row['detected_at'] as Date,
    }));
  }
}
