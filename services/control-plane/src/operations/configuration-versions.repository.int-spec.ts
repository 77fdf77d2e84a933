import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { databaseUrl, ensureDatabase } from '@ferry/database';
import { SecretSealer } from '@ferry/secrets';
import {
  credentialContext,
  credentialKeyId,
  needsResealing,
  openConnectionCredentials,
  resealConnectionCredentials,
} from '@ferry/tenant-config';
import { CreateControlPlaneTables1795400400000 } from '../migrations/1795400400000-create-control-plane-tables';
import { ConfigurationVersionsRepository } from './configuration-versions.repository';
import { resealedVersion } from './stored-version-resealing';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;

describe('re-sealing stored configuration versions in a real PostgreSQL, with the real migrations', () => {
  const name = `h5_creds_it_rotation_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  const keys = new Map([
    ['old', randomBytes(32)],
    ['new', randomBytes(32)],
  ]);
  const before = new SecretSealer({ activeKeyId: 'old', keys });
  const after = new SecretSealer({ activeKeyId: 'new', keys });

  beforeAll(async () => {
    await ensureDatabase(serverUrl, name);
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl(serverUrl, name),
      migrations: [CreateControlPlaneTables1795400400000],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.end();
  });

  it('leaves no stored version sealed under the retired key', async () => {
    const connection = (version: number) => ({
      connectionId: 'erp',
      erpKind: 'oracle_fusion',
      baseUrl: `https://pod${version}.fa.ocs.oraclecloud.com`,
      authKind: 'basic',
      settings: { username: 'ferry' },
      sealedCredentials: before.seal({ password: `pw-${version}` }, credentialContext('acme', 'erp')),
    });
    await dataSource.query(`INSERT INTO tenant (tenant_id, current_version) VALUES ('acme', 3)`);
    for (const version of [1, 2, 3]) {
      const stored = connection(version);
      await dataSource.query(
        `INSERT INTO tenant_configuration_version (tenant_id, version, spec, configuration, changed_by, change) VALUES ('acme', $1, $2, $3, 'operator', 'test')`,
        [
          version,
          JSON.stringify({ tenantId: 'acme', connections: [{ ...stored, credentialFields: ['password'] }] }),
          JSON.stringify({ tenantId: 'acme', version, connections: [stored] }),
        ],
      );
    }
    const repository = new ConfigurationVersionsRepository(dataSource);
    const resealing = {
      needs: (sealed: string | null | undefined) => needsResealing(after, sealed),
      reseal: (c: Parameters<typeof resealConnectionCredentials>[2]) => resealConnectionCredentials(after, 'acme', c),
    };

    expect(await repository.rewriteVersions('acme', (stored) => resealedVersion(stored, resealing))).toEqual([1, 2, 3]);
    expect(await repository.rewriteVersions('acme', (stored) => resealedVersion(stored, resealing))).toEqual([]);

    const rows = (await dataSource.query(
      `SELECT version, spec, configuration FROM tenant_configuration_version WHERE tenant_id = 'acme' ORDER BY version`,
    )) as {
      version: number;
      spec: { connections: ReturnType<typeof connection>[] };
      configuration: { connections: ReturnType<typeof connection>[] };
    }[];
    const onlyNewKey = new SecretSealer({ activeKeyId: 'new', keys: new Map([['new', keys.get('new')!]]) });
    for (const row of rows) {
      for (const stored of [row.spec.connections[0]!, row.configuration.connections[0]!]) {
        expect(credentialKeyId(after, stored.sealedCredentials)).toBe('new');
        expect(openConnectionCredentials(onlyNewKey, 'acme', stored)).toEqual({ password: `pw-${row.version}` });
      }
    }
  });
});
