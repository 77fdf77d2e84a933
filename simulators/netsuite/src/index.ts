export * from './netsuite-simulator';
export * from './account-store';
export * from './field-lengths';
