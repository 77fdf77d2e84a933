import type { MigrationInterface } from 'typeorm';
import { DELIVERY_TENANT_TABLES } from '@ferry/delivery';
import { TenantDataRepository, TenantDataService, tenantTableDrift, type TenantTable } from '@ferry/tenant-data';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CONTROL_PLANE_TENANT_TABLES } from '../../../services/control-plane/src/offboarding/control-plane-tenant-tables';
import { INBOUND_SYNC_TENANT_TABLES } from '../../../services/inbound-sync/src/offboarding/inbound-sync-tenant-tables';
import { INGESTION_TENANT_TABLES } from '../../../services/ingestion/src/offboarding/ingestion-tenant-tables';
import { OBSERVABILITY_TENANT_TABLES } from '../../../services/observability/src/offboarding/observability-tenant-tables';
import { RECONCILIATION_TENANT_TABLES } from '../../../services/reconciliation/src/offboarding/reconciliation-tenant-tables';
import { SERVICE_DATABASES } from '../service-databases';

/**
 * Real: PostgreSQL (DATABASE_URL, else the local stack's), a throwaway database per service migrated with the
 * service's real migrations, and TenantDataRepository's SQL. Nothing is faked.
 */

/** Each service's declared tenant tables, by the service named in SERVICE_DATABASES. */
function declaredTablesOf(service: string): readonly TenantTable[] {
  if (service.startsWith('delivery-')) return DELIVERY_TENANT_TABLES;
  const declared: Record<string, readonly TenantTable[]> = {
    ingestion: INGESTION_TENANT_TABLES,
    'control-plane': CONTROL_PLANE_TENANT_TABLES,
    observability: OBSERVABILITY_TENANT_TABLES,
    reconciliation: RECONCILIATION_TENANT_TABLES,
    'inbound-sync': INBOUND_SYNC_TENANT_TABLES,
  };
  const tables = declared[service];
  if (!tables) throw new Error(`${service} has a database but declares no tenant tables: add <SERVICE>_TENANT_TABLES and list it here`);
  return tables;
}

// One database per distinct migration list: every delivery service shares DELIVERY_MIGRATIONS.
const distinct = SERVICE_DATABASES.filter(
  (database, index) => SERVICE_DATABASES.findIndex((other) => other.migrations === database.migrations) === index,
);

describe('every tenant table of every service database is declared for offboarding', () => {
  it.each(distinct.map((database) => [database.service, database] as const))(
    '%s: its declared list is exactly the tables with a tenant_id column',
    async (service, database) => {
      const db = await openTestDatabase(
        `tenant_tables_${service.replace(/-/g, '_')}`,
        database.migrations as (new () => MigrationInterface)[],
      );
      try {
        const repository = new TenantDataRepository(db.dataSource, declaredTablesOf(service));
        const inDatabase = await repository.tablesWithTenantColumn();
        expect(inDatabase.length).toBeGreaterThan(0);
        expect(tenantTableDrift(repository.tables, inDatabase)).toEqual({ undeclared: [], missing: [] });
        // Every declared order and omitted column exists: a page and an erasure run on each table.
        for (const table of repository.tables) await expect(repository.page(table, 'nobody', 0, 1)).resolves.toEqual([]);
        await expect(repository.erase('nobody')).resolves.toEqual(Object.fromEntries(repository.tables.map((t) => [t.table, 0])));
      } finally {
        await db.drop();
      }
    },
  );
});

describe('TenantDataRepository on the control plane database (foreign keys, omitted columns, another tenant)', () => {
  let db: TestDatabase;
  const CONTROL_PLANE = SERVICE_DATABASES.find((database) => database.service === 'control-plane')!;

  beforeAll(async () => {
    db = await openTestDatabase('tenant_data_cp', CONTROL_PLANE.migrations as (new () => MigrationInterface)[]);
    for (const tenant of ['leaving', 'staying']) {
      await db.dataSource.query(`INSERT INTO tenant (tenant_id, current_version) VALUES ($1, 2)`, [tenant]);
      for (const version of [1, 2])
        await db.dataSource.query(
          `INSERT INTO tenant_configuration_version (tenant_id, version, spec, configuration, changed_by, change) VALUES ($1, $2, $3, $4, 'operator', 'x')`,
          [tenant, version, { active: version === 1 }, { connections: [{ sealedCredentials: 'v1.k1.ciphertext' }] }],
        );
      await db.dataSource.query(
        `INSERT INTO api_key (key_id, tenant_id, scopes, secret_hash, created_by) VALUES ($1, $2, '{read}', 'deadbeef', 'operator')`,
        [`key-${tenant}`, tenant],
      );
      await db.dataSource.query(`INSERT INTO audit_record (tenant_id, actor, action) VALUES ($1, 'operator', 'created')`, [tenant]);
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('exports pages in the declared order without omitted columns or sealed credentials, and erases one tenant whole', async () => {
    const repository = new TenantDataRepository(db.dataSource, CONTROL_PLANE_TENANT_TABLES);
    const service = new TenantDataService('control-plane', repository, { standingOf: async () => 'suspended' });
    expect(await service.manifest('leaving')).toEqual({
      service: 'control-plane',
      tenantId: 'leaving',
      tables: [
        { table: 'tenant_configuration_version', rows: 2 },
        { table: 'api_key', rows: 1 },
        { table: 'mapping_incident', rows: 0 },
        { table: 'audit_record', rows: 1 },
        { table: 'tenant', rows: 1 },
      ],
    });
    const first = await service.page('leaving', 'tenant_configuration_version', 0, 1);
    expect(first).toMatchObject({
      nextOffset: 1,
      rows: [{ version: 1, configuration: { connections: [{ sealedCredentials: '[sealed]' }] } }],
    });
    expect(await service.page('leaving', 'tenant_configuration_version', 1, 1)).toMatchObject({ nextOffset: null, rows: [{ version: 2 }] });
    const [key] = (await service.page('leaving', 'api_key', 0, 10)).rows;
    expect(key).toMatchObject({ key_id: 'key-leaving', tenant_id: 'leaving' });
    expect(key).not.toHaveProperty('secret_hash');
    await expect(service.page('leaving', 'pg_authid', 0, 10)).rejects.toMatchObject({ code: 'UNKNOWN_TENANT_TABLE' });

    expect((await service.erase('leaving')).erased).toEqual({
      tenant_configuration_version: 2,
      api_key: 1,
      mapping_incident: 0,
      audit_record: 1,
      tenant: 1,
    });
    expect(Object.values(await repository.countRows('leaving')).every((n) => n === 0)).toBe(true);
    expect(await repository.countRows('staying')).toMatchObject({
      tenant_configuration_version: 2,
      api_key: 1,
      audit_record: 1,
      tenant: 1,
    });
  });

  it('refuses to erase an active tenant and deletes nothing', async () => {
    const repository = new TenantDataRepository(db.dataSource, CONTROL_PLANE_TENANT_TABLES);
    const service = new TenantDataService('control-plane', repository, { standingOf: async () => 'active' });
    await expect(service.erase('staying')).rejects.toMatchObject({ code: 'TENANT_NOT_SUSPENDED' });
    expect((await repository.countRows('staying'))['tenant']).toBe(1);
  });
});

describe('TenantDataRepository on a table keyed by a tenant key (ingestion rate_limit_bucket)', () => {
  it("erases the tenant's own bucket only, not another tenant's whose id it starts with", async () => {
    const INGESTION = SERVICE_DATABASES.find((database) => database.service === 'ingestion')!;
    const db = await openTestDatabase('tenant_data_buckets', INGESTION.migrations as (new () => MigrationInterface)[]);
    try {
      for (const bucket of ['tenant:acme', 'tenant:acme2', 'key:0123456789ab'])
        await db.dataSource.query(`INSERT INTO rate_limit_bucket (bucket, tokens, refilled_at, granted) VALUES ($1, 1, now(), true)`, [
          bucket,
        ]);
      const repository = new TenantDataRepository(db.dataSource, INGESTION_TENANT_TABLES);
      expect((await repository.countRows('acme'))['rate_limit_bucket']).toBe(1);
      expect((await repository.erase('acme'))['rate_limit_bucket']).toBe(1);
      expect(
        ((await db.dataSource.query(`SELECT bucket FROM rate_limit_bucket ORDER BY bucket`)) as { bucket: string }[]).map((r) => r.bucket),
      ).toEqual(['key:0123456789ab', 'tenant:acme2']);
    } finally {
      await db.drop();
    }
  });
});
