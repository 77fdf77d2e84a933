import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MappingIncident } from './mapping-incident';

export interface StoredMappingIncident {
  path: string;
  expression: string | null;
  entityType: string;
  code: string;
  message: string;
  configVersion: number;
  lastEventId: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Queries only: the mapping incidents per tenant, one row per expression and configuration version. */
@Injectable()
export class MappingIncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an incident, counting repeats, with the expression's text as it stood in that version (read from the
   * version itself); an incident of a tenant the control plane does not know is ignored.
   */
  async record(incident: MappingIncident, expression: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mapping_incident (tenant_id, path, expression, entity_type, code, message, config_version, last_event_id, first_seen_at, last_seen_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9 / 1000.0), to_timestamp($9 / 1000.0)
       WHERE EXISTS (SELECT 1 FROM tenant WHERE tenant_id = $1)
       ON CONFLICT (tenant_id, path, config_version) DO UPDATE
         SET occurrences = mapping_incident.occurrences + 1, code = EXCLUDED.code, message = EXCLUDED.message,
             last_event_id = EXCLUDED.last_event_id, last_seen_at = GREATEST(mapping_incident.last_seen_at, EXCLUDED.last_seen_at)
         WHERE mapping_incident.last_event_id <> EXCLUDED.last_event_id`,
      [
        incident.tenantId,
        incident.path,
        expression,
        incident.entityType,
        incident.code,
        incident.message.slice(0, 2000),
        incident.configVersion,
        incident.eventId,
        incident.at,
      ],
    );
  }

  async listForTenant(tenantId: string, limit = 200): Promise<StoredMappingIncident[]> {
    const rows = (await this.dataSource.query(
      `SELECT path, expression, entity_type, code, message, config_version, last_event_id, occurrences, first_seen_at, last_seen_at
         FROM mapping_incident WHERE tenant_id = $1 ORDER BY last_seen_at DESC LIMIT $2`,
      [tenantId, limit],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      path: String(row['path']),
      expression: (row['expression'] as string | null) ?? null,
      entityType: String(row['entity_type']),
      code: String(row['code']),
      message: String(row['message']),
      configVersion: Number(row['config_version']),
      lastEventId: String(row['last_event_id']),
      occurrences: Number(row['occurrences']),
      firstSeenAt: (row['first_seen_at'] as Date).toISOString(),
      lastSeenAt: (row['last_seen_at'] as Date).toISOString(),
    }));
  }
}
