export * from './netsuite-simulator';
export * from './account-store';
