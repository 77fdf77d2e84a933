import { z } from 'zod';
import { ENTITY_TYPES } from '@ferry/contracts';
import { fieldPathProblem } from '@ferry/mapping';
import { hostKeyPinProblem } from '@ferry/erp-templates';
import { signingSecretProblem } from '@ferry/erp-webhook';
import { apiLimitsInput } from './api-limits-input';
import { retentionInput } from './retention-input';

const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", up to 63 characters');
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Keys of every map a tenant admin fills: never a name that reaches an object's prototype. */
const safeKey = z
  .string()
  .min(1)
  .max(200)
  .refine((key) => !RESERVED_KEYS.has(key), 'is a reserved name (__proto__, constructor and prototype are not allowed)');
const stringMap = z.record(safeKey, z.string().max(10_000));
/** An ERP field path a mapping writes: plain identifiers joined by dots. */
const fieldPath = z.string().superRefine((path, ctx) => {
  const problem = fieldPathProblem(path);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `ERP field path "${path}" ${problem}` });
});
/** Long enough for any real mapping; a bound on what the sandbox and the configuration topic must carry. */
const expressionText = z.string().min(1).max(10_000);

export const connectionInput = z
  .object({
    erpKind: z.enum(['netsuite', 'netsuite_soap', 'dynamics365', 'sap_s4', 'oracle_fusion', 'csv_sftp', 'webhook']),
    baseUrl: z.string().url(),
    authKind: z.string().min(1),
    settings: stringMap.default({}),
    /** Secret material; sealed on arrival, never returned. Omit on update to keep the sealed credentials. */
    credentials: stringMap.optional(),
  })
  .superRefine((connection, context) => {
    // A short webhook secret can be guessed offline from one captured signature; the message never echoes it.
    const signingSecret = connection.credentials?.['signingSecret'];
    const weak = connection.erpKind === 'webhook' && signingSecret !== undefined ? signingSecretProblem(signingSecret) : undefined;
    if (weak) context.addIssue({ code: z.ZodIssueCode.custom, path: ['credentials', 'signingSecret'], message: weak });
    // Without a pinned host key, whoever answers on the host (or on the way to it) receives the SFTP key or password.
    const pinProblem = connection.erpKind === 'csv_sftp' ? hostKeyPinProblem(connection.settings['hostKeyFingerprint']) : undefined;
    if (pinProblem) context.addIssue({ code: z.ZodIssueCode.custom, path: ['settings', 'hostKeyFingerprint'], message: pinProblem });
    // The secret an ERP signs its pushes to inbound-sync's webhook with (any ERP kind): as strong as an outbound one.
    const inboundSecret = connection.credentials?.['inboundSigningSecret'];
    const weakInbound = inboundSecret !== undefined ? signingSecretProblem(inboundSecret) : undefined;
    if (weakInbound) context.addIssue({ code: z.ZodIssueCode.custom, path: ['credentials', 'inboundSigningSecret'], message: weakInbound });
    // The legacy ERP's status export folder inbound-sync lists: an absolute path inside the partner's drop.
    const statusDirectory = connection.settings['statusExportDirectory'];
    if (
      statusDirectory !== undefined &&
      (connection.erpKind !== 'csv_sftp' ||
        !/^\/[\w.-]+(\/[\w.-]+)*\/?$/.test(statusDirectory) ||
        /(^|\/)\.\.?(\/|$)/.test(statusDirectory))
    )
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['settings', 'statusExportDirectory'],
        message: 'an absolute folder path of a csv_sftp connection (e.g. /outbound/status), without . or .. parts',
      });
  });

export const mappingOverrideInput = z.object({
  connectionId: identifier.optional(),
  recordType: z
    .string()
    .regex(/^[\w@.]+$/)
    .optional(),
  externalIdExpression: expressionText.optional(),
  /** ERP field → JSONata; null removes a template field. */
  fieldExpressions: z.record(fieldPath, expressionText.nullable()).default({}),
  valueMaps: z.record(safeKey, stringMap).optional(),
  defaults: z.record(fieldPath, z.string().max(10_000).nullable()).optional(),
  disabled: z.boolean().optional(),
});

export const ruleInput = z.object({
  entityType: z.enum(ENTITY_TYPES),
  kind: z.enum(['reject', 'skip', 'route']),
  condition: expressionText,
  message: z.string().max(500).optional(),
  connectionId: identifier.optional(),
});

/** A whole number from min to max; the message names the limit (parseBody adds the field's path). */
const bounded = (min: number, max: number, unit: string) =>
  z.number().int().min(min, `at least ${min} ${unit}`).max(max, `at most ${max} ${unit}`);

/**
 * Every number here has an upper bound: a tenant admin sets them, and an unbounded one lets a tenant hold a
 * shared replica's memory or time (a retry delay of years, a breaker that never opens, a day-long batch).
 */
export const policiesInput = z.object({
  requestsPerSecond: bounded(1, 10_000, 'requests per second').nullable().default(null),
  maxConcurrency: bounded(1, 1000, 'calls at once').nullable().default(null),
  retry: z
    .object({
      maxAttempts: bounded(1, 50, 'attempts').default(5),
      baseDelayMs: bounded(10, 60_000, 'ms').default(500),
      maxDelayMs: bounded(100, 3_600_000, 'ms').default(300_000),
    })
    .refine((retry) => retry.baseDelayMs <= retry.maxDelayMs, { message: 'must not exceed retry.maxDelayMs', path: ['baseDelayMs'] })
    .default({}),
  circuitBreaker: z
    .object({
      failureThresholdPercent: bounded(1, 100, 'percent').default(50),
      volumeThreshold: bounded(1, 1000, 'calls').default(10),
      resetTimeoutMs: bounded(100, 3_600_000, 'ms').default(30_000),
    })
    .default({}),
  /**
   * exceptionRouting is a field of TenantPolicies.avsc that no service acts on yet: refused when set, rather than
   * accepted and silently ignored (the schema keeps it, with its default, for compatibility).
   */
  exceptionRouting: z
    .null({ invalid_type_error: 'not supported yet: no service routes exceptions by it; leave it out or null' })
    .default(null),
  batchWindowSeconds: bounded(1, 3600, 'seconds').nullable().default(null),
  /**
   * `<domain>` or `<domain>.<field group>` → `product` or a connection id (libs/master-data). Keys and owners are
   * checked against the field groups and the tenant's connections with the rest of the configuration
   * (configurationProblems), so removing a connection that still owns a group is refused too.
   */
  systemOfRecord: z
    .record(safeKey, z.string().min(1).max(63))
    .refine((map) => Object.keys(map).length <= 50, 'at most 50 entries')
    .default({}),
  /** How many days each service keeps the tenant's rows; null keeps every fleet default (retention-input.ts). */
  retention: retentionInput.nullable().default(null),
  /** The tenant's throttling on the HTTP ingestion API; null keeps the fleet defaults (api-limits-input.ts). */
  apiLimits: apiLimitsInput.nullable().default(null),
});

export const tenantInput = z.object({
  tenantId: identifier.refine((id) => id.length >= 2, 'at least 2 characters'),
  displayName: z.string().min(1).max(200),
  template: z.string().min(1),
  templateVersion: z.number().int().min(1).optional(),
});

export type ConnectionInput = z.output<typeof connectionInput>;
export type MappingOverride = z.output<typeof mappingOverrideInput>;
export type RuleInput = z.output<typeof ruleInput>;
export type PoliciesInput = z.output<typeof policiesInput>;

export interface StoredConnection {
  connectionId: string;
  erpKind: string;
  baseUrl: string;
  authKind: string;
  settings: Record<string, string>;
  sealedCredentials: string | null;
  credentialFields: string[];
}

/** Everything an operator declared for a tenant; the effective configuration is derived from it and the template. */
export interface TenantSpec {
  tenantId: string;
  displayName: string;
  active: boolean;
  template: { name: string; version: number };
  connections: StoredConnection[];
  mappingOverrides: Partial<Record<string, MappingOverride>>;
  rules: (RuleInput & { name: string })[];
  policies: PoliciesInput | null;
}

export { ENTITY_TYPES };

/** What a mappingOverrides key names: an entity's template mapping, or one more target for it on a connection. */
export type MappingKey = { entityType: string; additionalTarget?: string };

/**
 * "sales_order" is the entity's mapping to the tenant's ERP (the template's, with overrides); "sales_order@warehouse"
 * sends the entity to the connection "warehouse" as well, mapped from the template of that connection's ERP kind.
 */
export function parseMappingKey(key: string): MappingKey | { problem: string } {
  const [entityType = '', connectionId, ...rest] = key.split('@');
  if (!(ENTITY_TYPES as readonly string[]).includes(entityType))
    return { problem: `entity type must be one of ${ENTITY_TYPES.join(', ')}, optionally followed by @<connectionId>` };
  if (connectionId === undefined) return { entityType };
  if (rest.length > 0 || !identifier.safeParse(connectionId).success)
    return { problem: `"${key}": after the entity type, @ names one connection id (lower-case letters, digits and "-")` };
  return { entityType, additionalTarget: connectionId };
}
