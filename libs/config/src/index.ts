export * from './config.error';
export * from './load-config';
export * from './common-env';
export * from './connection-security';
export * from './local-stack-credentials';
export * from './egress-env';
export * from './operator-keys';
export * from './retention-env';
