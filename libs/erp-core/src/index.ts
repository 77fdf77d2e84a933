export * from './erp-error';
export * from './erp-connector';
export * from './erp-call-metrics';
export * from './content-hash';
export * from './access-token-cache';
export * from './erp-http-call';
export * from './erp-response';
export * from './erp-paging';
