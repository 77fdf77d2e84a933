import type { ApiKey, TenantConfiguration } from '@ferry/contracts';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { AuditRecordRepository } from './audit/audit-record.repository';
import { TransactionRunner } from './database/transaction-runner';
import { CreateControlPlaneTables1795400400000 } from './migrations/1795400400000-create-control-plane-tables';
import { CreateMappingIncidents1795401100000 } from './migrations/1795401100000-create-mapping-incidents';
import { TenantConfigurationRepository } from './tenants/tenant-configuration.repository';
import type { TenantSpec } from './tenants/tenant-spec';

const specOf = (tenantId: string, displayName: string): TenantSpec => ({
  tenantId,
  displayName,
  active: true,
  template: { name: 'webhook', version: 1 },
  connections: [],
  mappingOverrides: {},
  rules: [],
  policies: null,
});
const configurationOf = (tenantId: string, version: number) => ({ tenantId, version }) as unknown as TenantConfiguration;

/** Real: PostgreSQL and the control plane's migrations. Nothing faked; no Kafka involved. */
describe('control-plane repositories in a real PostgreSQL, with the real migrations', () => {
  let database: TestDatabase;
  let transactions: TransactionRunner;
  let versions: TenantConfigurationRepository;
  let audit: AuditRecordRepository;
  let keys: ApiKeyRepository;

  beforeAll(async () => {
    database = await openTestDatabase('control_plane', [CreateControlPlaneTables1795400400000, CreateMappingIncidents1795401100000]);
    const { dataSource } = database;
    transactions = new TransactionRunner(dataSource);
    versions = new TenantConfigurationRepository(dataSource);
    audit = new AuditRecordRepository(dataSource);
    keys = new ApiKeyRepository(dataSource);
  });

  afterAll(() => database?.drop());

  const onboard = (tenantId: string) =>
    transactions.run(async (transaction) => {
      expect(await versions.insertTenantIfNew(transaction, tenantId)).toBe(true);
      await versions.insertVersionAsCurrent(transaction, {
        spec: specOf(tenantId, 'First'),
        version: 1,
        configuration: configurationOf(tenantId, 1),
        changedBy: 'operator',
        change: 'onboarded',
      });
    });

  it('inserts a tenant once and makes each new version its current one', async () => {
    await onboard('acme');
    expect(await transactions.run((transaction) => versions.insertTenantIfNew(transaction, 'acme'))).toBe(false);
    await transactions.run(async (transaction) => {
      const locked = await versions.lockCurrentSpec(transaction, 'acme');
      expect(locked).toEqual({ version: 1, spec: specOf('acme', 'First') });
      await versions.insertVersionAsCurrent(transaction, {
        spec: specOf('acme', 'Second'),
        version: 2,
        configuration: configurationOf('acme', 2),
        changedBy: 'api-key:k1',
        change: 'updated tenant displayName',
      });
    });
    expect(await versions.currentVersion('acme')).toMatchObject({ version: 2, spec: { displayName: 'Second' }, changedBy: 'api-key:k1' });
    expect(await transactions.run((transaction) => versions.specAt(transaction, 'acme', 1))).toEqual(specOf('acme', 'First'));
    expect(await versions.configurationAt('acme', 2)).toEqual(configurationOf('acme', 2));
    expect((await versions.versionHistory('acme')).map((entry) => [entry.version, entry.change])).toEqual([
      [2, 'updated tenant displayName'],
      [1, 'onboarded'],
    ]);
  });

  it('answers undefined, not an error, for a tenant or a version that does not exist', async () => {
    expect(await versions.currentVersion('nobody')).toBeUndefined();
    expect(await versions.configurationAt('acme', 99)).toBeUndefined();
    expect(await transactions.run((transaction) => versions.lockCurrentSpec(transaction, 'nobody'))).toBeUndefined();
  });

  it('lists every tenant at its current version, by tenant id', async () => {
    await onboard('beta');
    expect((await versions.everyCurrentVersion()).map((version) => [version.tenantId, version.version])).toEqual([
      ['acme', 2],
      ['beta', 1],
    ]);
  });

  it('rolls back everything a failed transaction wrote', async () => {
    await expect(
      transactions.run(async (transaction) => {
        await versions.insertTenantIfNew(transaction, 'gamma');
        await audit.insert(transaction, {
          tenantId: 'gamma',
          actor: 'operator',
          action: 'onboarded',
          version: 1,
          before: null,
          after: null,
        });
        throw new Error('publishing failed');
      }),
    ).rejects.toThrow('publishing failed');
    expect(await versions.currentVersion('gamma')).toBeUndefined();
    expect(await audit.newestForTenant('gamma', 10)).toEqual([]);
  });

  it("keeps a tenant's audit trail newest first, JSON as stored", async () => {
    await transactions.run(async (transaction) => {
      await audit.insert(transaction, { tenantId: 'acme', actor: 'operator', action: 'first', version: 1, before: null, after: { a: 1 } });
      await audit.insert(transaction, {
        tenantId: 'acme',
        actor: 'operator',
        action: 'second',
        version: null,
        before: { a: 1 },
        after: null,
      });
    });
    const records = await audit.newestForTenant('acme', 10);
    expect(records.map(({ action, version, before, after }) => ({ action, version, before, after }))).toEqual([
      { action: 'second', version: null, before: { a: 1 }, after: null },
      { action: 'first', version: 1, before: null, after: { a: 1 } },
    ]);
    expect(await audit.newestForTenant('acme', 1)).toHaveLength(1);
  });

  it('stores API keys without their secret in listings, and a revocation keeps its first time', async () => {
    const key: ApiKey = {
      keyId: 'k-1',
      tenantId: 'acme',
      scopes: ['ingest', 'read'],
      secretHash: 'hash',
      label: 'ci',
      createdAt: Date.now(),
      revokedAt: null,
    };
    await transactions.run((transaction) => keys.insert(transaction, key, 'operator'));
    const [listed] = await keys.listForTenant('acme');
    expect(listed).toMatchObject({ keyId: 'k-1', scopes: ['ingest', 'read'], label: 'ci', createdBy: 'operator', revokedAt: null });
    expect(listed).not.toHaveProperty('secretHash');
    const first = await transactions.run((transaction) => keys.revoke(transaction, 'acme', 'k-1'));
    expect(first).toMatchObject({ keyId: 'k-1', tenantId: 'acme', secretHash: 'hash', scopes: ['ingest', 'read'] });
    const again = await transactions.run((transaction) => keys.revoke(transaction, 'acme', 'k-1'));
    expect(again?.revokedAt).toBe(first?.revokedAt);
    expect(await transactions.run((transaction) => keys.revoke(transaction, 'beta', 'k-1'))).toBeUndefined();
  });
});
