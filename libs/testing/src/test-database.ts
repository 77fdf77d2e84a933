import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { databaseUrl, ensureDatabase } from '@ferry/database';

export interface TestDatabase {
  dataSource: DataSource;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A PostgreSQL database of one spec's own on the test server (DATABASE_URL, else the local stack's), with the
 * service's real migrations run, named `<FERRY_IT_DATABASE_PREFIX, default ferry_it_><purpose>_<random>` so runs
 * sharing a server stay apart. Drop it in afterAll.
 */
export async function openTestDatabase(purpose: string, migrations: (new () => MigrationInterface)[]): Promise<TestDatabase> {
  const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
  const name = `${process.env['FERRY_IT_DATABASE_PREFIX'] ?? 'ferry_it_'}${purpose}_${randomUUID().slice(0, 8)}`;
  await ensureDatabase(serverUrl, name);
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl(serverUrl, name), migrations });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
