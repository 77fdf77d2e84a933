export * from './netsuite-token-provider';
export * from './netsuite-errors';
export * from './netsuite-connector';
