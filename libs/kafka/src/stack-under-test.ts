import { join } from 'node:path';
import {
  LOCAL_DEFAULTS,
  localStackPrincipal,
  localStackServes,
  parseConnectionSecurity,
  readLocalStackCredentials,
  type ConnectionSecurity,
} from '@ferry/config';
import { findSchemasDir } from '@ferry/contracts';

/**
 * The stack this lib's own integration specs run against, and the operator credentials they use: the local
 * stack's super user when its broker is the one in use, else the environment's (KAFKA_SASL_*, SCHEMA_REGISTRY_*).
 * Not @ferry/testing: that lib builds on this one, and a lib's own tests must not close the loop.
 */
export function stackUnderTest(env: NodeJS.ProcessEnv): {
  brokers: string[];
  registryUrl: string;
  security: ConnectionSecurity;
} {
  const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL;
  const brokers = (env['KAFKA_BROKERS'] ?? LOCAL_DEFAULTS.KAFKA_BROKERS).split(',');
  const local = readLocalStackCredentials(join(findSchemasDir(__dirname), '..'), env['FERRY_STACK_CREDENTIALS']);
  if (local && localStackServes(local, brokers, registryUrl)) {
    return { brokers, registryUrl, security: localStackPrincipal(local, local.superUser)! };
  }
  return { brokers, registryUrl, security: parseConnectionSecurity({ ...env, SCHEMA_REGISTRY_URL: registryUrl }).security };
}
