export * from './field-groups';
export * from './system-of-record';
export * from './outbound-write';
export * from './inbound-change';
