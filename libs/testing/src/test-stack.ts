import { existsSync } from 'node:fs';
import {
  ConfigError,
  LOCAL_DEFAULTS,
  connectionSecurityEnv,
  localStackPrincipal,
  localStackServes,
  parseConnectionSecurity,
  readLocalStackCredentials,
  type ConnectionSecurity,
} from '@ferry/config';
import { repositoryRoot } from './ferry-processes';

export interface TestStack {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrl: string;
  source: 'environment' | 'testcontainers' | 'local-stack';
  /** How tests and tooling acting as operators connect: the local stack's super user, or the environment's credentials. */
  admin: ConnectionSecurity;
  /**
   * One set of credentials per principal (Ferry service, product, analyst) when the stack has them, as the local
   * stack does: every process then connects as itself and Kafka's ACLs apply. Undefined otherwise.
   */
  principals: Record<string, ConnectionSecurity> | undefined;
}

/**
 * Where integration and e2e tests find Kafka, the registry and PostgreSQL, and how they authenticate:
 * 1. addresses given in the environment (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL) win;
 * 2. otherwise, when a Docker engine answers, scripts/src/with-testcontainers.ts starts them as containers and
 *    runs the tests with their addresses;
 * 3. otherwise the local stack that `npm run stack:up` runs (what `npm test` does on machines without Docker).
 * Credentials: the local stack's own (.ferry/stack/credentials.json) when its broker is the one in use,
 * else KAFKA_SASL_* / KAFKA_TLS_* / SCHEMA_REGISTRY_* from the environment (none: an open stack).
 */
export function testStack(env: NodeJS.ProcessEnv = process.env): TestStack {
  const given = Boolean(env['KAFKA_BROKERS'] || env['SCHEMA_REGISTRY_URL'] || env['DATABASE_URL']);
  const kafkaBrokers = (env['KAFKA_BROKERS'] ?? LOCAL_DEFAULTS.KAFKA_BROKERS).split(',');
  const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL;
  const source = env['FERRY_TEST_STACK_SOURCE'] === 'testcontainers' ? 'testcontainers' : given ? 'environment' : 'local-stack';
  const addresses = { kafkaBrokers, registryUrl, databaseUrl: env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL, source } as const;
  const local = source === 'testcontainers' ? undefined : readLocalStackCredentials(repositoryRoot(), env['FERRY_STACK_CREDENTIALS']);
  if (local && localStackServes(local, kafkaBrokers, registryUrl)) {
    const principals = Object.fromEntries(Object.keys(local.principals).map((name) => [name, localStackPrincipal(local, name)!]));
    return { ...addresses, admin: principals[local.superUser]!, principals };
  }
  const { security, problems } = parseConnectionSecurity({ ...env, SCHEMA_REGISTRY_URL: registryUrl });
  if (problems.length > 0)
    throw new ConfigError(
      'test stack',
      problems.map((p) => `${p.variable}: ${p.message}`),
    );
  return { ...addresses, admin: security, principals: undefined };
}

/** A principal's credentials on this stack; the stack's admin ones when it has no principals of its own. */
export function principalSecurity(stack: TestStack, principal?: string): ConnectionSecurity {
  if (principal === undefined || !stack.principals) return stack.admin;
  const security = stack.principals[principal];
  if (!security) throw new Error(`the stack has no principal ${principal} (deploy/local/principals.json)`);
  return security;
}

/** Environment that makes a Ferry process connect to this stack as the principal (addresses and credentials). */
export function principalEnv(stack: TestStack, principal?: string): Record<string, string> {
  return {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: stack.registryUrl,
    ...connectionSecurityEnv(principalSecurity(stack, principal)),
  };
}

export function dockerEngineLikelyAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}
