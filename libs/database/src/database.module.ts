import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { databaseUrl, ensureDatabase } from './ensure-database';

export interface ServiceDatabaseOptions {
  serverUrl: string;
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The service's own database: created if missing, schema brought up to date by its migrations, never synchronize. */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl(options.serverUrl, options.name),
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

export function serviceDatabaseModule(options: ServiceDatabaseOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureDatabase(options.serverUrl, options.name);
      return { ...serviceDataSourceOptions(options), retryAttempts: 3, retryDelay: 1000 };
    },
  });
}
