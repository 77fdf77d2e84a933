export * from './ensure-database';
export * from './database.module';
export * from './notification-listener';
export * from './database-errors';
export * from './query-rows';
export * from './locked-migrations';
