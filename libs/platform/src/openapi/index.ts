export * from './declared-routes';
export * from './openapi-drift';
export * from './openapi.controller';
