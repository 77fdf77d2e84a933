import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { databaseUrl } from '@ferry/database';
import { migrateServiceDatabases, type MigratedDatabase } from './migrate-databases';
import { SERVICE_DATABASES, databaseNameOf } from './service-databases';

/**
 * Real: PostgreSQL (DATABASE_URL, else the local one), every service's real migrations, TypeORM's runner and the
 * advisory lock services take at start. Faked: nothing; the databases are throwaway copies under a prefix of their
 * own, dropped afterwards.
 */
class BreaksOnPurpose1700000000000 implements MigrationInterface {
  name = 'BreaksOnPurpose1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE no_such_table ADD COLUMN x int');
  }
  async down(): Promise<void> {}
}

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const prefix = `h9_migrate_${randomUUID().replaceAll('-', '').slice(0, 8)}_`;
const everyMigration = SERVICE_DATABASES.map(({ service, migrations }) => ({
  database: databaseNameOf(service, prefix),
  names: (migrations as { name: string }[]).map((migration) => migration.name),
}));

const migrate = () => migrateServiceDatabases({ serverUrl, databases: SERVICE_DATABASES, prefix });
const ranIn = (results: MigratedDatabase[], database: string) => results.find((result) => result.database === database)?.ran ?? [];

async function withServer<T>(database: string, query: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, database) });
  await client.connect();
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

async function dropThrowawayDatabases(): Promise<void> {
  await withServer('postgres', async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix.replaceAll('_', '\\_')}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

async function appliedIn(database: string): Promise<string[]> {
  return withServer(database, async (client) =>
    (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name),
  );
}

describe('the migration command (npm run migrate) against a real PostgreSQL', () => {
  afterEach(dropThrowawayDatabases);

  it('creates every service database, runs all its migrations, and a second run runs nothing', async () => {
    const first = await migrate();
    for (const { database, names } of everyMigration) {
      expect([database, ranIn(first, database)]).toEqual([database, names]);
      expect([database, await appliedIn(database)]).toEqual([database, names]);
    }
    const second = await migrate();
    expect(second.map((result) => result.ran)).toEqual(everyMigration.map(() => []));
  });

  it('a failing migration stops the run with an error naming the database and the cause', async () => {
    const broken = { service: 'ingestion', migrations: [BreaksOnPurpose1700000000000] };
    await expect(migrateServiceDatabases({ serverUrl, databases: [broken], prefix })).rejects.toThrow(
      `migrating ${prefix}ingestion (ingestion) failed: relation "no_such_table" does not exist`,
    );
  });

  it('two runs at once each finish, with every migration applied exactly once', async () => {
    const [one, other] = await Promise.all([migrate(), migrate()]);
    for (const { database, names } of everyMigration) {
      // Each migration ran in exactly one of the two runs; the other found it done under the lock.
      expect([database, [...ranIn(one, database), ...ranIn(other, database)].sort()]).toEqual([database, [...names].sort()]);
      expect([database, await appliedIn(database)]).toEqual([database, names]);
    }
  });
});
