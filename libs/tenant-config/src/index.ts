export * from './tenant-configuration-view';
export * from './tenant-configuration-publisher';
export * from './tenant-configuration.module';
export * from './connection-context';
export * from './connection-destination';
export * from './connection-credentials';
