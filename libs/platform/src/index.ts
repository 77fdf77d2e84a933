export * from './platform.tokens';
export * from './consumer-registry';
export * from './health.service';
export * from './platform.module';
export * from './run-service';
export * from './http-error.filter';
export * from './request-body';
export * from './http-app';
