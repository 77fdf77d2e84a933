import type { DataSource } from 'typeorm';

/**
 * One key per database: replicas of a service starting together migrate one at a time, and services with
 * databases of their own never wait for each other. hashtext is PostgreSQL's, so the key is the same for every
 * replica whatever its Node version.
 */
const LOCK_KEY_SQL = "SELECT hashtext('ferry-migrations:' || current_database()) AS key";

/**
 * Runs the data source's pending migrations while holding a PostgreSQL advisory lock, so two replicas starting
 * at once never run the same migration twice (TypeORM's migrationsRun takes no lock: the second replica fails on
 * "already exists" or applies a data migration again). The replica that waited finds nothing left to run.
 * Returns the names of the migrations this call ran.
 */
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<string[]> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    const [{ key }] = (await session.query(LOCK_KEY_SQL)) as [{ key: number }];
    await session.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await session.release();
  }
}
