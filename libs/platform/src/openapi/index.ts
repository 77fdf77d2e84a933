export * from './declared-routes';
export * from './openapi-drift';
export * from './openapi.controller';
export * from './api-surface';
export * from './deprecation-headers';
