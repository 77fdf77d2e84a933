export * from './erp-template';
export * from './template-catalog';
export * from './connection-setting-limits';
export * from './host-key-pin';
