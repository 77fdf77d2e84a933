export * from './api-key';
export * from './access.service';
export * from './access.guard';
export * from './access.module';
export * from './key-catch-up';
export { AccessDeniedException, type AccessErrorCode } from './access.exception';
export * from './served-routes';
export * from './operator-access';
export * from './operator-audit.controller';
