import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { databaseUrl, ensureDatabase } from './ensure-database';
import { runMigrationsUnderLock } from './locked-migrations';

export interface ServiceDatabaseOptions {
  serverUrl: string;
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The service's own database: its migrations are run by openServiceDataSource (under a lock), never synchronize. */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl(options.serverUrl, options.name),
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/** The service's database, created if missing and brought up to date by its migrations, one replica at a time. */
export async function openServiceDataSource(
  options: ServiceDatabaseOptions,
  overrides: Partial<PostgresConnectionOptions> = {},
): Promise<DataSource> {
  return (await openMigratedServiceDataSource(options, overrides)).dataSource;
}

/**
 * openServiceDataSource that also says which migrations this call ran (none when another replica or the
 * migration command got there first): for `npm run migrate`, which reports them.
 */
export async function openMigratedServiceDataSource(
  options: ServiceDatabaseOptions,
  overrides: Partial<PostgresConnectionOptions> = {},
): Promise<{ dataSource: DataSource; ran: string[] }> {
  await ensureDatabase(options.serverUrl, options.name);
  const dataSource = await new DataSource({ ...serviceDataSourceOptions(options), ...overrides } as DataSourceOptions).initialize();
  try {
    return { dataSource, ran: await runMigrationsUnderLock(dataSource) };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

export function serviceDatabaseModule(options: ServiceDatabaseOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => ({ ...serviceDataSourceOptions(options), retryAttempts: 3, retryDelay: 1000 }),
    dataSourceFactory: () => openServiceDataSource(options),
  });
}
