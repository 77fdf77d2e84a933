import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionSecurity } from './connection-security';

/** What deploy/local/stack.mjs writes into <repository>/.ferry/stack/credentials.json (see deploy/local/stack-security.mjs). */
export interface LocalStackCredentials {
  kafka: { brokers: string[]; mechanism: 'scram-sha-512' };
  registry: { url: string };
  superUser: string;
  principals: Record<string, { kafkaPassword: string; registryPassword: string }>;
}

/** The local stack's generated credentials, if it ever ran in this checkout (or at FERRY_STACK_CREDENTIALS). */
export function readLocalStackCredentials(repositoryRoot: string, file?: string): LocalStackCredentials | undefined {
  const path = file ?? join(repositoryRoot, '.ferry', 'stack', 'credentials.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as LocalStackCredentials;
}

/** Whether these credentials belong to the Kafka and registry at these addresses. */
export function localStackServes(held: LocalStackCredentials, kafkaBrokers: string[], registryUrl: string): boolean {
  return held.kafka.brokers.join(',') === kafkaBrokers.join(',') && held.registry.url === registryUrl;
}

/** One principal's Kafka (SCRAM) and registry (basic auth) credentials on the local stack. */
export function localStackPrincipal(held: LocalStackCredentials, name: string): ConnectionSecurity | undefined {
  const principal = held.principals[name];
  if (!principal) return undefined;
  return {
    kafka: { sasl: { mechanism: held.kafka.mechanism, username: name, password: principal.kafkaPassword } },
    registry: { basicAuth: { username: name, password: principal.registryPassword } },
  };
}
