import { z } from 'zod';
import { ConfigError } from './config.error';

export type Env = Record<string, string | undefined>;

/**
 * loadConfig also hands a schema the whole environment under this key, so one field can check variables that
 * only make sense together (see connection-security.ts) and report them with everything else, in one pass.
 */
export const WHOLE_ENVIRONMENT = '(whole environment)';

/**
 * Parses the environment with a service's schema. Every problem is reported in one error so an operator
 * fixes the deployment in one pass instead of one variable per restart.
 */
export function loadConfig<S extends z.ZodTypeAny>(service: string, schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse({ ...env, [WHOLE_ENVIRONMENT]: env });
  if (result.success) return result.data as z.output<S>;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path[0] === WHOLE_ENVIRONMENT ? issue.path.slice(1) : issue.path;
    const variable = path.join('.') || '(environment)';
    const given = typeof path[0] === 'string' ? env[path[0]] : undefined;
    const shown = given === undefined ? 'not set' : looksSecret(variable) ? 'given value hidden' : `got "${given}"`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(service, problems);
}

function looksSecret(variable: string): boolean {
  return /SECRET|PASSWORD|KEY|TOKEN/i.test(variable);
}
