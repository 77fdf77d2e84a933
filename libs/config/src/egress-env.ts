import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Whether one FERRY_EGRESS_ALLOW entry is well formed, else what is wrong with it: a host name
 * (`erp.internal.example`), a wildcard for its sub-domains (`*.internal.example`), an address (`10.1.2.3`) or a
 * CIDR block (`10.20.0.0/16`, `fd00::/8`).
 */
export function egressAllowEntryProblem(entry: string): string | undefined {
  const [network = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return `"${entry}" has more than one "/"`;
  const family = isIP(network);
  if (prefix !== undefined) {
    if (family === 0) return `"${entry}" is not a CIDR block (address/prefix)`;
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}" has a prefix outside 0–${max}`;
    return undefined;
  }
  if (family !== 0) return undefined;
  const label = '[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?';
  if (new RegExp(`^(\\*\\.)?(${label}\\.)*${label}$`, 'i').test(entry)) return undefined;
  return `"${entry}" is neither a host name, "*.domain", an IP address nor a CIDR block`;
}

const flag = z
  .enum(['true', 'false', '1', '0'], { errorMap: () => ({ message: 'must be true or false' }) })
  .transform((value) => value === 'true' || value === '1');

const allowList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const problem of entries.map(egressAllowEntryProblem).filter(Boolean))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem! });
  });

const portList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries.filter((port) => !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not a TCP port (1–65535)` });
  })
  .transform((entries) => entries.map(Number));

/**
 * Where ERP calls may go (the egress policy in @ferry/erp-core). Tenant admins set connection URLs; these
 * variables are the operator's bound on them.
 * - FERRY_EGRESS_LOCAL_DEVELOPMENT (default false): local development and tests only; allows http and loopback
 *   addresses (the ERP simulators) and skips the vendor host lists. Never in production.
 * - FERRY_EGRESS_ALLOW (default empty): comma-separated host names, `*.domain`, addresses or CIDR blocks Ferry
 *   may call although they are private or off a vendor's list (an on-premise SAP gateway, an egress proxy).
 * - FERRY_EGRESS_LOCAL_PORTS (default empty = any): with local development, the only loopback ports calls may reach
 *   (the simulators'), so a test can prove that the registry or Kafka on 127.0.0.1 stay out of reach.
 */
export const egressEnvShape = {
  FERRY_EGRESS_LOCAL_DEVELOPMENT: flag.default('false'),
  FERRY_EGRESS_ALLOW: allowList.default(''),
  FERRY_EGRESS_LOCAL_PORTS: portList.default(''),
};

/** The egress settings a service hands to configureEgress (@ferry/erp-core) at start-up. */
export interface EgressConfig {
  localDevelopment: boolean;
  allowList: string[];
  localPorts: number[];
}

export function toEgressConfig(env: {
  FERRY_EGRESS_LOCAL_DEVELOPMENT: boolean;
  FERRY_EGRESS_ALLOW: string[];
  FERRY_EGRESS_LOCAL_PORTS: number[];
}): EgressConfig {
  return {
    localDevelopment: env.FERRY_EGRESS_LOCAL_DEVELOPMENT,
    allowList: env.FERRY_EGRESS_ALLOW,
    localPorts: env.FERRY_EGRESS_LOCAL_PORTS,
  };
}
