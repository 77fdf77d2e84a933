import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { openServiceDataSource } from './database.module';

/**
 * Real: PostgreSQL (DATABASE_URL, else the local one), TypeORM's migration runner. Faked: the service, as a
 * migration that takes long enough for a second replica to start while it runs.
 */
class CreateOrdersSlowly1700000000000 implements MigrationInterface {
  name = 'CreateOrdersSlowly1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_sleep(0.5)');
    await queryRunner.query('CREATE TABLE orders (id int PRIMARY KEY)');
    await queryRunner.query('INSERT INTO orders VALUES (1)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE orders');
  }
}

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const name = `ferry_it_migrations_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const open: DataSource[] = [];

const replicaStarts = () =>
  openServiceDataSource({ serverUrl, name, entities: [], migrations: [CreateOrdersSlowly1700000000000] }, { logging: false }).then(
    (dataSource) => (open.push(dataSource), dataSource),
  );

describe('migrations of replicas starting together', () => {
  afterAll(async () => {
    await Promise.all(open.map((dataSource) => dataSource.destroy()));
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await admin.end();
    }
  });

  it('run once: the second replica waits for the first and finds nothing left to run', async () => {
    const [first] = await Promise.all([replicaStarts(), replicaStarts(), replicaStarts()]);
    expect(await first.query('SELECT name FROM migrations')).toEqual([{ name: 'CreateOrdersSlowly1700000000000' }]);
    expect(await first.query('SELECT id FROM orders')).toEqual([{ id: 1 }]);
  });
});
