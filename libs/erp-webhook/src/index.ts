export * from './webhook-signature';
export * from './webhook-connector';
