import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantConfiguration } from '@ferry/contracts';
import type { TenantSpec } from '../tenants/tenant-spec';
import type { SealedVersion } from './stored-version-resealing';

/** Every stored configuration version of a tenant, rewritten in place; queries only, the decision is the caller's. */
@Injectable()
export class ConfigurationVersionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Under the tenant's row lock (the lock every configuration change takes), passes each stored version to
   * `rewrite` and stores the spec and configuration it returns; returns the versions rewritten.
   */
  async rewriteVersions(tenantId: string, rewrite: (stored: SealedVersion) => SealedVersion | undefined): Promise<number[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM tenant WHERE tenant_id = $1 FOR UPDATE`, [tenantId]);
      const rows = (await manager.query(
        `SELECT version, spec, configuration FROM tenant_configuration_version WHERE tenant_id = $1 ORDER BY version`,
        [tenantId],
      )) as { version: number; spec: TenantSpec; configuration: TenantConfiguration }[];
      const rewritten: number[] = [];
      for (const row of rows) {
        const next = rewrite({ version: Number(row.version), spec: row.spec, configuration: row.configuration });
        if (!next) continue;
        await manager.query(`UPDATE tenant_configuration_version SET spec = $3, configuration = $4 WHERE tenant_id = $1 AND version = $2`, [
          tenantId,
          next.version,
          JSON.stringify(next.spec),
          JSON.stringify(next.configuration),
        ]);
        rewritten.push(next.version);
      }
      return rewritten;
    });
  }
}
