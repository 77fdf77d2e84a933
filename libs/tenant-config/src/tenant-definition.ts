import jsonata from 'jsonata';
import { z } from 'zod';
import { ENTITY_TYPES } from '@ferry/contracts';

/**
 * The declarative form an operator writes for a tenant (a JSON file today; the control-plane API later):
 * which ERP connections it has and how each canonical entity maps onto an ERP record. Credentials are given
 * in clear here only to be sealed before anything is published.
 */
export const tenantDefinitionSchema = z.object({
  tenantId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and "-", 2-63 characters'),
  displayName: z.string().min(1),
  active: z.boolean().default(true),
  connections: z
    .array(
      z.object({
        connectionId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
        erpKind: z.enum(['netsuite']),
        baseUrl: z.string().url(),
        authKind: z.enum(['oauth2_client_credentials_jwt']),
        settings: z.record(z.string()).default({}),
        credentials: z.record(z.string()).optional(),
      }),
    )
    .min(1),
  mappings: z.array(
    z.object({
      entityType: z.enum(ENTITY_TYPES),
      connectionId: z.string(),
      recordType: z.string().regex(/^\w+$/),
      externalIdExpression: z.string().min(1),
      fieldExpressions: z.record(z.string().min(1)).refine((fields) => Object.keys(fields).length > 0, 'at least one field'),
    }),
  ),
});

export type TenantDefinition = z.input<typeof tenantDefinitionSchema>;

export interface DefinitionProblem {
  path: string;
  problem: string;
}

/** Every problem with a definition: shape, unknown connections, and JSONata that does not compile (with position). */
export function checkTenantDefinition(input: unknown): {
  definition?: z.output<typeof tenantDefinitionSchema>;
  problems: DefinitionProblem[];
} {
  const parsed = tenantDefinitionSchema.safeParse(input);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), problem: issue.message })) };
  const definition = parsed.data;
  const problems: DefinitionProblem[] = [];
  const connections = new Set(definition.connections.map((c) => c.connectionId));
  definition.mappings.forEach((mapping, index) => {
    if (!connections.has(mapping.connectionId))
      problems.push({ path: `mappings.${index}.connectionId`, problem: `no connection "${mapping.connectionId}"` });
    const expressions: [string, string][] = [
      ['externalIdExpression', mapping.externalIdExpression],
      ...Object.entries(mapping.fieldExpressions).map(([field, expr]): [string, string] => [`fieldExpressions.${field}`, expr]),
    ];
    for (const [path, expression] of expressions) {
      try {
        jsonata(expression);
      } catch (error) {
        const { message, position } = error as { message: string; position?: number };
        problems.push({ path: `mappings.${index}.${path}`, problem: `invalid JSONata at position ${position ?? '?'}: ${message}` });
      }
    }
  });
  return { definition, problems };
}
