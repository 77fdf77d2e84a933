import { existsSync } from 'node:fs';
import { LOCAL_DEFAULTS } from '@ferry/config';

export interface TestStack {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrl: string;
  source: 'environment' | 'testcontainers' | 'local-stack';
}

/**
 * Where integration and e2e tests find Kafka, the registry and PostgreSQL:
 * 1. addresses given in the environment (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL) win;
 * 2. otherwise, when a Docker engine answers, jest's global setup starts them with testcontainers
 *    (see e2e/global-setup.ts) and exports their addresses;
 * 3. otherwise the local stack that `npm run stack:up` runs (what `npm test` does on machines without Docker).
 */
export function testStack(env: NodeJS.ProcessEnv = process.env): TestStack {
  const given = Boolean(env['KAFKA_BROKERS'] || env['SCHEMA_REGISTRY_URL'] || env['DATABASE_URL']);
  return {
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? LOCAL_DEFAULTS.KAFKA_BROKERS).split(','),
    registryUrl: env['SCHEMA_REGISTRY_URL'] ?? LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL,
    databaseUrl: env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL,
    source: env['FERRY_TEST_STACK_SOURCE'] === 'testcontainers' ? 'testcontainers' : given ? 'environment' : 'local-stack',
  };
}

export function dockerEngineLikelyAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}
