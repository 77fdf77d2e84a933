export * from './field-normalisation';
export * from './canonical-reader';
export * from './erp-canonical-readers';
export * from './canonical-comparison';
export * from './drift-cause';
export * from './period-totals';
