import { openMigratedServiceDataSource } from '@ferry/database';
import { databaseNameOf, type ServiceDatabase } from './service-databases';

/** What one database's migration did: the migrations this run applied (none when another run got there first). */
export interface MigratedDatabase {
  service: string;
  database: string;
  ran: string[];
}

/** A database whose migrations failed: which one, so the operator knows where to look; the cause is kept. */
export class DatabaseMigrationError extends Error {
  constructor(
    readonly service: string,
    readonly database: string,
    cause: unknown,
  ) {
    super(`migrating ${database} (${service}) failed: ${(cause as Error).message}`, { cause });
    this.name = 'DatabaseMigrationError';
  }
}

export interface MigrateOptions {
  serverUrl: string;
  databases: readonly ServiceDatabase[];
  /** Database name prefix ("ferry_" by default, as the services use). */
  prefix?: string;
  /** Told before and after each database, for progress lines. */
  onStart?: (service: string, database: string) => void;
  onDone?: (result: MigratedDatabase) => void;
}

/**
 * Brings each service's database up to date, one after the other, exactly as the service would at start:
 * created if missing, migrated under the same PostgreSQL advisory lock (openServiceDataSource's path), so this command,
 * a second copy of it and starting replicas never run a migration twice. Stops at the first failure.
 */
export async function migrateServiceDatabases(options: MigrateOptions): Promise<MigratedDatabase[]> {
  const results: MigratedDatabase[] = [];
  for (const { service, migrations } of options.databases) {
    const database = databaseNameOf(service, options.prefix);
    options.onStart?.(service, database);
    let ran: string[];
    try {
      const opened = await openMigratedServiceDataSource(
        { serverUrl: options.serverUrl, name: database, entities: [], migrations },
        { logging: false, extra: { max: 2, connectionTimeoutMillis: 5000 } },
      );
      ran = opened.ran;
      await opened.dataSource.destroy();
    } catch (error) {
      throw new DatabaseMigrationError(service, database, error);
    }
    const result = { service, database, ran };
    results.push(result);
    options.onDone?.(result);
  }
  return results;
}
