import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantConfiguration } from '@ferry/contracts';
import type { Transaction } from '../database/transaction-runner';
import type { TenantSpec } from './tenant-spec';

/** One stored configuration version of a tenant: the spec as edited and the effective configuration published. */
export interface StoredTenantVersion {
  tenantId: string;
  version: number;
  spec: TenantSpec;
  configuration: TenantConfiguration;
  changedBy: string;
  change: string;
  createdAt: string;
}

export interface VersionHistoryEntry {
  version: number;
  changedBy: string;
  change: string;
  createdAt: string;
}

function toStoredVersion(row: Record<string, unknown>): StoredTenantVersion {
  return {
    tenantId: String(row['tenant_id']),
    version: Number(row['version']),
    spec: row['spec'] as TenantSpec,
    configuration: row['configuration'] as TenantConfiguration,
    changedBy: String(row['changed_by']),
    change: String(row['change']),
    createdAt: (row['created_at'] as Date).toISOString(),
  };
}

const CURRENT_VERSIONS = `SELECT v.* FROM tenant t JOIN tenant_configuration_version v ON v.tenant_id = t.tenant_id AND v.version = t.current_version`;

/** Queries only: the tenants and their configuration versions (`tenant` points at its current version). */
@Injectable()
export class TenantConfigurationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a tenant without any version yet; answers false when the tenant id is taken. */
  async insertTenantIfNew(transaction: Transaction, tenantId: string): Promise<boolean> {
    const inserted = (await transaction.query(
      `INSERT INTO tenant (tenant_id, current_version) VALUES ($1, 0) ON CONFLICT DO NOTHING RETURNING tenant_id`,
      [tenantId],
    )) as unknown[];
    return inserted.length > 0;
  }

  /**
   * The tenant's current version and its spec, holding the tenant's row lock until the transaction ends so
   * changes to one tenant are applied one after another; undefined when there is no such tenant.
   */
  async lockCurrentSpec(transaction: Transaction, tenantId: string): Promise<{ version: number; spec: TenantSpec } | undefined> {
    const [tenant] = (await transaction.query(`SELECT current_version FROM tenant WHERE tenant_id = $1 FOR UPDATE`, [tenantId])) as {
      current_version: number;
    }[];
    if (!tenant) return undefined;
    const spec = await this.specAt(transaction, tenantId, tenant.current_version);
    return { version: tenant.current_version, spec: spec! };
  }

  /** The spec a tenant had at one version, or undefined when there is no such version. */
  async specAt(transaction: Transaction, tenantId: string, version: number): Promise<TenantSpec | undefined> {
    const [row] = (await transaction.query(`SELECT spec FROM tenant_configuration_version WHERE tenant_id = $1 AND version = $2`, [
      tenantId,
      version,
    ])) as { spec: TenantSpec }[];
    return row?.spec;
  }

  /** Stores a new version and makes it the tenant's current one. */
  async insertVersionAsCurrent(
    transaction: Transaction,
    version: { spec: TenantSpec; version: number; configuration: TenantConfiguration; changedBy: string; change: string },
  ): Promise<void> {
    await transaction.query(
      `INSERT INTO tenant_configuration_version (tenant_id, version, spec, configuration, changed_by, change) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        version.spec.tenantId,
        version.version,
        JSON.stringify(version.spec),
        JSON.stringify(version.configuration),
        version.changedBy,
        version.change,
      ],
    );
    await transaction.query(`UPDATE tenant SET current_version = $2 WHERE tenant_id = $1`, [version.spec.tenantId, version.version]);
  }

  /** The tenant's current version, or undefined when there is no such tenant. */
  async currentVersion(tenantId: string): Promise<StoredTenantVersion | undefined> {
    const [row] = (await this.dataSource.query(`${CURRENT_VERSIONS} WHERE t.tenant_id = $1`, [tenantId])) as Record<string, unknown>[];
    return row ? toStoredVersion(row) : undefined;
  }

  /** Every tenant's current version, by tenant id. */
  async everyCurrentVersion(): Promise<StoredTenantVersion[]> {
    const rows = (await this.dataSource.query(`${CURRENT_VERSIONS} ORDER BY t.tenant_id`)) as Record<string, unknown>[];
    return rows.map(toStoredVersion);
  }

  /** The effective configuration a tenant had at one version, or undefined when there is no such version. */
  async configurationAt(tenantId: string, version: number): Promise<TenantConfiguration | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT configuration FROM tenant_configuration_version WHERE tenant_id = $1 AND version = $2`,
      [tenantId, version],
    )) as { configuration: TenantConfiguration }[];
    return row?.configuration;
  }

  /** Who changed what in each of a tenant's versions, newest first. */
  async versionHistory(tenantId: string): Promise<VersionHistoryEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT version, changed_by, change, created_at FROM tenant_configuration_version WHERE tenant_id = $1 ORDER BY version DESC`,
      [tenantId],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      version: Number(row['version']),
      changedBy: String(row['changed_by']),
      change: String(row['change']),
      createdAt: (row['created_at'] as Date).toISOString(),
    }));
  }
}
