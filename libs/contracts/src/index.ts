export * from './schema-catalog';
export * from './topics';
export * from './canonical-events';
export * from './generated/contracts.generated';
export * from './type-generator';
export * from './avro-validation';
export * from './sync-status';
export * from './schema-compatibility';
