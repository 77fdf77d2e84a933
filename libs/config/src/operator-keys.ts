import { z } from 'zod';

/**
 * What a named operator may do. viewer: read every tenant and the fleet. operator (support): also act on a tenant
 * (replays, lane resumes, configuration changes, suspension). admin: also fleet administration (onboarding tenants,
 * secret rotation, schema-change impact).
 */
export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** One named operator credential: only the sha256 of its token is configured, never the token. */
export interface OperatorKey {
  name: string;
  role: OperatorRole;
  tokenHash: string;
}

const NAME = /^[a-z][a-z0-9._-]{0,62}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * FERRY_OPERATOR_KEYS="alice:admin:<sha256 hex of her token>,bob:viewer:<sha256 hex>" (npm run operators:key
 * makes a token and its entry). Every bad entry is reported, by position, without echoing a hash.
 */
export function parseOperatorKeys(value: string): { keys: OperatorKey[]; problems: string[] } {
  const keys: OperatorKey[] = [];
  const problems: string[] = [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const [name = '', role = '', tokenHash = '', ...rest] = entry.split(':');
    const position = `entry ${index + 1}`;
    if (rest.length > 0 || !NAME.test(name))
      problems.push(`${position}: must be name:role:sha256hex with a lower-case name (a-z, 0-9, . _ -)`);
    else if (!(OPERATOR_ROLES as readonly string[]).includes(role))
      problems.push(`${position} (${name}): role must be one of ${OPERATOR_ROLES.join(', ')}`);
    else if (!SHA256_HEX.test(tokenHash)) problems.push(`${position} (${name}): the token hash must be 64 lower-case hex digits (sha256)`);
    else if (keys.some((key) => key.name === name)) problems.push(`${position}: operator ${name} is named twice`);
    else if (keys.some((key) => key.tokenHash === tokenHash)) problems.push(`${position} (${name}): the same token as another operator`);
    else keys.push({ name, role: role as OperatorRole, tokenHash });
  });
  return { keys, problems };
}

export const operatorKeysEnv = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const { keys, problems } = parseOperatorKeys(value);
    problems.forEach((message) => ctx.addIssue({ code: 'custom', message }));
    return keys;
  });

/**
 * A FERRY_OPERATOR_KEYS entry for an operator and the sha256 (hex) of its token, or the problem with the name or role;
 * the entry is checked by the same parser the services use.
 */
export function operatorKeyEntry(name: string, role: string, tokenHash: string): { entry: string } | { problem: string } {
  const entry = `${name}:${role}:${tokenHash}`;
  const { problems } = parseOperatorKeys(entry);
  return problems[0] ? { problem: problems[0] } : { entry };
}
