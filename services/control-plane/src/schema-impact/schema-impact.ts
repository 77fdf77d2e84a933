import * as avro from 'avsc';
import { LOGICAL_TYPES, compatibilityProblems, withDefaults, type CatalogSubject, type TenantConfiguration } from '@ferry/contracts';
import { canonicalJson } from '@ferry/erp-core';
import { plainData, unknownReferences, type ExpressionEvaluator, type ExpressionOutcome, type ProgramResult } from '@ferry/mapping';

export interface ExpressionImpact {
  /** Where in the tenant's configuration, e.g. mappings.customer.fieldExpressions.phone or rules.vip.condition. */
  path: string;
  expression: string;
  impact: 'breaks' | 'changes';
  detail: string;
  before?: unknown;
  after?: unknown;
}

export interface SchemaImpactReport {
  subject: string;
  entityType: string;
  compatibility: { rule: string; problems: { field: string; problem: string }[] };
  samplesUsed: number;
  affectedTenants: { tenantId: string; configurationVersion: number; impacts: ExpressionImpact[] }[];
  unaffectedTenants: string[];
}

interface Checked {
  path: string;
  expression: string;
  valueMaps?: Record<string, Record<string, string>>;
}

function expressionsFor(configuration: TenantConfiguration, entityType: string): Checked[] {
  const checked: Checked[] = [];
  for (const mapping of configuration.mappings.filter((m) => m.entityType === entityType)) {
    const base = `mappings.${entityType}`;
    checked.push({ path: `${base}.externalIdExpression`, expression: mapping.externalIdExpression, valueMaps: mapping.valueMaps ?? {} });
    for (const [field, expression] of Object.entries(mapping.fieldExpressions))
      checked.push({ path: `${base}.fieldExpressions.${field}`, expression, valueMaps: mapping.valueMaps ?? {} });
  }
  for (const rule of (configuration.rules ?? []).filter((r) => r.entityType === entityType))
    checked.push({ path: `rules.${rule.name}.condition`, expression: rule.condition });
  return checked;
}

/** Every checked expression of a tenant evaluated on one input, in one sandbox task. */
async function outcomes(sandbox: ExpressionEvaluator, checked: Checked[], input: unknown): Promise<{ value?: unknown; error?: string }[]> {
  const valueMapSets = checked.map((entry) => entry.valueMaps ?? {});
  const result: ProgramResult = await sandbox.evaluate(
    { expressions: checked.map((entry, index) => ({ id: entry.path, text: entry.expression, valueMaps: index })), valueMapSets },
    input,
  );
  if (result.kind === 'limit') {
    const error = `${result.expressionId ?? 'expressions'}: ${result.message} (${result.code})`;
    return checked.map(() => ({ error }));
  }
  return result.outcomes.map((outcome: ExpressionOutcome) => (outcome.ok ? { value: outcome.value } : { error: outcome.message }));
}

/**
 * What a proposed version of a canonical schema would do to every tenant, before it is registered: the
 * compatibility problems under the subject's rule, then, for each tenant, every mapping and rule expression
 * that would read a field the new schema lacks (breaks) or yield a different value on the sample events read
 * through the new schema (changes), with the expression at fault.
 */
export async function analyseSchemaImpact(
  current: CatalogSubject,
  proposedSchema: unknown,
  samples: unknown[],
  tenants: TenantConfiguration[],
  sandbox: ExpressionEvaluator,
): Promise<SchemaImpactReport> {
  const proposed = avro.Type.forSchema(proposedSchema as avro.Schema, { logicalTypes: LOGICAL_TYPES });
  const entityType = current.entityType ?? '';
  let resolver: avro.Resolver | undefined;
  try {
    resolver = proposed.createResolver(current.type);
  } catch {
    resolver = undefined;
  }
  const pairs = samples.map((sample) => {
    const before = plainData(withDefaults(current.type, sample));
    const after = resolver
      ? plainData(proposed.fromBuffer(current.type.toBuffer(withDefaults(current.type, sample)), resolver))
      : undefined;
    return { before, after };
  });
  const report: SchemaImpactReport = {
    subject: current.subject,
    entityType,
    compatibility: {
      rule: current.compatibility,
      problems: compatibilityProblems([current.type], proposed, current.compatibility).map(({ field, problem }) => ({ field, problem })),
    },
    samplesUsed: samples.length,
    affectedTenants: [],
    unaffectedTenants: [],
  };
  for (const configuration of tenants) {
    const impacts: ExpressionImpact[] = [];
    const evaluable: Checked[] = [];
    for (const checked of expressionsFor(configuration, entityType)) {
      const unknown = unknownReferences(checked.expression, proposed);
      if (unknown.length > 0) {
        impacts.push({
          path: checked.path,
          expression: checked.expression,
          impact: 'breaks',
          detail: unknown.map((u) => u.problem).join('; '),
        });
      } else evaluable.push(checked);
    }
    const decided = new Set<string>();
    for (const { before, after } of evaluable.length > 0 ? pairs : []) {
      if (after === undefined) break;
      const [old, next] = await Promise.all([outcomes(sandbox, evaluable, before), outcomes(sandbox, evaluable, after)]);
      evaluable.forEach((checked, index) => {
        const was = old[index] ?? {};
        const now = next[index] ?? {};
        if (decided.has(checked.path)) return;
        if (now.error && !was.error) {
          impacts.push({ path: checked.path, expression: checked.expression, impact: 'breaks', detail: now.error });
          decided.add(checked.path);
        } else if (canonicalJson(was.value) !== canonicalJson(now.value)) {
          impacts.push({
            path: checked.path,
            expression: checked.expression,
            impact: 'changes',
            detail: 'produces a different value on the sample events',
            before: was.value ?? null,
            after: now.value ?? null,
          });
          decided.add(checked.path);
        }
      });
    }
    if (impacts.length > 0) {
      report.affectedTenants.push({ tenantId: configuration.tenantId, configurationVersion: configuration.version, impacts });
    } else report.unaffectedTenants.push(configuration.tenantId);
  }
  return report;
}
