export * from './ensure-database';
export * from './database.module';
