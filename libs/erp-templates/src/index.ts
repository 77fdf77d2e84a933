export * from './erp-template';
export * from './template-catalog';
