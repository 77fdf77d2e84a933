export * from './netsuite-token-provider';
export * from './netsuite-errors';
export * from './netsuite-connector';
export * from './netsuite-tba';
export * from './netsuite-soap-connector';
