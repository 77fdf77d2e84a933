import { findTenantTable } from './tenant-tables';
import { decideErasure, type TenantStanding } from './erasure-decision';
import { TenantDataException } from './tenant-data.exception';
import type { TenantDataRepository, TenantRow } from './tenant-data.repository';
import { redactSecrets } from './secret-redaction';

/** What a service holds for a tenant: its row count per table (the export's manifest). */
export interface TenantDataManifest {
  service: string;
  tenantId: string;
  tables: { table: string; rows: number }[];
}

export interface TenantDataPage {
  service: string;
  tenantId: string;
  table: string;
  offset: number;
  rows: TenantRow[];
  /** The offset of the next page, or null when this was the last. */
  nextOffset: number | null;
}

export interface TenantErasure {
  service: string;
  tenantId: string;
  /** Rows deleted, per table (every declared table is named, 0 included). */
  erased: Record<string, number>;
  erasedAt: string;
}

/** Reads how the service's view of tenant configurations sees a tenant (the erasure gate's input). */
export interface TenantStandingSource {
  standingOf(tenantId: string): Promise<TenantStanding>;
}

/**
 * A service's tenant export and erasure: the manifest and pages of every declared table (secrets redacted), and
 * the deletion of all of the tenant's rows in one transaction, refused while the tenant is active.
 */
export class TenantDataService {
  constructor(
    private readonly service: string,
    private readonly repository: TenantDataRepository,
    private readonly standings: TenantStandingSource,
  ) {}

  async manifest(tenantId: string): Promise<TenantDataManifest> {
    const counts = await this.repository.countRows(tenantId);
    return { service: this.service, tenantId, tables: this.repository.tables.map(({ table }) => ({ table, rows: counts[table] ?? 0 })) };
  }

  async page(tenantId: string, tableName: string, offset: number, limit: number): Promise<TenantDataPage> {
    const table = findTenantTable(this.repository.tables, tableName);
    if (!table)
      throw new TenantDataException(
        'UNKNOWN_TENANT_TABLE',
        `${this.service} holds no tenant table ${tableName}; it has ${this.repository.tables.map((t) => t.table).join(', ')}`,
      );
    const rows = (await this.repository.page(table, tenantId, offset, limit + 1)).map(redactSecrets);
    const more = rows.length > limit;
    return {
      service: this.service,
      tenantId,
      table: table.table,
      offset,
      rows: rows.slice(0, limit),
      nextOffset: more ? offset + limit : null,
    };
  }

  async erase(tenantId: string): Promise<TenantErasure> {
    const decision = decideErasure(tenantId, await this.standings.standingOf(tenantId));
    if (!decision.allowed) throw new TenantDataException('TENANT_NOT_SUSPENDED', decision.message);
    const erased = await this.repository.erase(tenantId);
    return { service: this.service, tenantId, erased, erasedAt: new Date().toISOString() };
  }
}
