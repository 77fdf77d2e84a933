import type { CatalogSubject, EntityMapping, TenantConfiguration } from '@ferry/contracts';
import {
  connectionSettingProblems,
  findTemplate,
  latestTemplateForErpKind,
  missingRequiredSettings,
  type ErpTemplate,
} from '@ferry/erp-templates';
import { systemOfRecordProblems, type SystemOfRecordProblem } from '@ferry/master-data';
import { MappingError, compileExpression, fieldPathProblem, unknownReferences } from '@ferry/mapping';
import { parseMappingKey, type MappingOverride, type TenantSpec } from './tenant-spec';

export interface ConfigurationProblem {
  code:
    | 'INVALID_EXPRESSION'
    | 'UNKNOWN_FIELD'
    | 'REQUIRED_FIELD_MISSING'
    | 'UNKNOWN_CONNECTION'
    | 'INCOMPLETE_MAPPING'
    | 'MISSING_SETTING'
    | 'UNSAFE_FIELD_PATH'
    | 'EXPRESSION_LIMIT'
    | 'SETTING_OUT_OF_BOUNDS'
    | 'DUPLICATE_TARGET'
    | SystemOfRecordProblem['code'];
  /** Where in the request or configuration, e.g. mappings.customer.fieldExpressions.companyName. */
  path: string;
  message: string;
  /** Character position in the expression, for expression problems. */
  position?: number;
}

export interface PendingMapping {
  entityType: string;
  reason: string;
}

export function templateOf(spec: Pick<TenantSpec, 'template'>): ErpTemplate {
  const template = findTemplate(spec.template.name, spec.template.version);
  if (!template) throw new Error(`template ${spec.template.name}@${spec.template.version} no longer exists`);
  return template;
}

function withoutNulls<T>(record: Record<string, T | null> | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([, value]) => value !== null)) as Record<string, T>;
}

/** The mapping of one entity: the template's, with the tenant's overrides on top (null removes a field). */
export function mergeMapping(
  template: ErpTemplate,
  entityType: string,
  override: MappingOverride | undefined,
  connectionId: string | undefined,
): (EntityMapping & { requiredFields: string[] }) | { incomplete: string } {
  const base = template.entities[entityType as keyof ErpTemplate['entities']];
  const recordType = override?.recordType ?? base?.recordType;
  const externalIdExpression = override?.externalIdExpression ?? base?.externalIdExpression;
  if (!recordType || !externalIdExpression)
    return { incomplete: `${entityType} is not in template ${template.name}; a custom mapping needs recordType and externalIdExpression` };
  if (!connectionId)
    return { incomplete: `no connection for ${entityType} yet (add a ${template.erpKind} connection or set connectionId)` };
  return {
    entityType,
    connectionId,
    recordType,
    externalIdExpression,
    fieldExpressions: withoutNulls({ ...(base?.fieldExpressions ?? {}), ...(override?.fieldExpressions ?? {}) }),
    valueMaps: { ...(base?.valueMaps ?? {}), ...(override?.valueMaps ?? {}) },
    defaults: withoutNulls({ ...(base?.defaults ?? {}), ...(override?.defaults ?? {}) }),
    requiredFields: base?.requiredFields ?? [],
    // The ERP's limits on its record type's fields hold whatever expression fills them, the tenant's too.
    fieldLimits: base && base.recordType === recordType ? { ...(base.fieldLimits ?? {}) } : {},
  };
}

/** The connection an entity's template mapping goes to: the override's, else the tenant's first of its ERP kind. */
function primaryConnectionOf(spec: TenantSpec, template: ErpTemplate, entityType: string): string | undefined {
  return (
    spec.mappingOverrides[entityType]?.connectionId ??
    spec.connections.find((connection) => connection.erpKind === template.erpKind)?.connectionId
  );
}

/**
 * The template that maps an entity for one more target: the tenant's own for a connection of its ERP kind, else
 * the latest template of that connection's kind (a warehouse webhook beside a NetSuite tenant's ERP).
 */
function targetTemplate(spec: TenantSpec, template: ErpTemplate, connectionId: string): ErpTemplate | { incomplete: string } {
  const connection = spec.connections.find((candidate) => candidate.connectionId === connectionId);
  if (!connection) return { incomplete: `no connection "${connectionId}" yet` };
  if (connection.erpKind === template.erpKind) return template;
  return latestTemplateForErpKind(connection.erpKind) ?? { incomplete: `no template maps ${connection.erpKind} records` };
}

/**
 * One more target of an entity ("sales_order@warehouse"): its own mapping from the target's template, with the
 * tenant's overrides on top; its own command, lane and ordering, so one target failing holds up no other.
 */
function additionalTargetMapping(
  spec: TenantSpec,
  template: ErpTemplate,
  entityType: string,
  connectionId: string,
  override: MappingOverride,
): (EntityMapping & { requiredFields: string[]; templateName: string }) | { incomplete: string } {
  if (primaryConnectionOf(spec, template, entityType) === connectionId)
    return { incomplete: `${entityType} already goes to connection "${connectionId}" through its template mapping` };
  const mappedBy = targetTemplate(spec, template, connectionId);
  if ('incomplete' in mappedBy) return mappedBy;
  const merged = mergeMapping(mappedBy, entityType, override, connectionId);
  return 'incomplete' in merged ? merged : { ...merged, connectionId, templateName: mappedBy.name };
}

/** Builds the effective configuration a version publishes, and says which mappings are not active yet. */
export function effectiveConfiguration(
  spec: TenantSpec,
  version: number,
  changedBy: string,
): { configuration: TenantConfiguration; pending: PendingMapping[] } {
  const template = templateOf(spec);
  const keys = Object.keys(spec.mappingOverrides);
  const entityTypes = [...new Set([...Object.keys(template.entities), ...keys.filter((key) => !key.includes('@'))])].sort();
  const mappings: EntityMapping[] = [];
  const pending: PendingMapping[] = [];
  for (const entityType of entityTypes) {
    const override = spec.mappingOverrides[entityType];
    if (override?.disabled) continue;
    const merged = mergeMapping(template, entityType, override, primaryConnectionOf(spec, template, entityType));
    if ('incomplete' in merged) pending.push({ entityType, reason: merged.incomplete });
    else mappings.push(merged);
  }
  for (const key of keys.filter((candidate) => candidate.includes('@')).sort()) {
    const override = spec.mappingOverrides[key];
    const target = parseMappingKey(key);
    if (!override || override.disabled || 'problem' in target || !target.additionalTarget) continue;
    const merged = additionalTargetMapping(spec, template, target.entityType, target.additionalTarget, override);
    if ('incomplete' in merged) pending.push({ entityType: key, reason: merged.incomplete });
    else {
      const { templateName: _templateName, ...mapping } = merged;
      mappings.push(mapping);
    }
  }
  return {
    configuration: {
      tenantId: spec.tenantId,
      version,
      displayName: spec.displayName,
      active: spec.active,
      connections: spec.connections.map(({ credentialFields: _fields, ...connection }) => connection),
      mappings,
      rules: spec.rules.map((rule) => ({
        name: rule.name,
        entityType: rule.entityType,
        kind: rule.kind,
        condition: rule.condition,
        message: rule.message ?? null,
        connectionId: rule.connectionId ?? null,
      })),
      policies: spec.policies,
      template: `${template.name}@${template.version}`,
      changedBy,
      updatedAt: Date.now(),
    },
    pending,
  };
}

function expressionProblems(expression: string, path: string, eventType: CatalogSubject['type']): ConfigurationProblem[] {
  try {
    compileExpression(expression, path);
  } catch (error) {
    const failure = error as MappingError;
    return [
      {
        code: 'INVALID_EXPRESSION',
        path,
        message: failure.message,
        ...(failure.position !== undefined ? { position: failure.position } : {}),
      },
    ];
  }
  return unknownReferences(expression, eventType).map((problem) => ({
    code: 'UNKNOWN_FIELD',
    path,
    message: `${path}: ${problem.problem}`,
    ...(problem.position !== undefined ? { position: problem.position } : {}),
  }));
}

/** Does the mapping produce every field the ERP requires? (a field, a parent of it, or a default). */
function coversRequired(mapping: EntityMapping, required: string): boolean {
  const produced = [...Object.keys(mapping.fieldExpressions), ...Object.keys(mapping.defaults ?? {})];
  return produced.some((field) => field === required || required.startsWith(`${field}.`));
}

/**
 * Everything wrong with a tenant's configuration, checked when it is saved: expressions that do not compile
 * (with the character position), fields the canonical schema does not have, required ERP fields the mapping
 * does not produce, rules and mappings naming connections that do not exist.
 */
export function configurationProblems(spec: TenantSpec, canonicalEvents: CatalogSubject[]): ConfigurationProblem[] {
  const template = templateOf(spec);
  const problems: ConfigurationProblem[] = [];
  const eventTypeOf = (entityType: string) => canonicalEvents.find((entry) => entry.entityType === entityType)?.type;
  const connections = new Set(spec.connections.map((connection) => connection.connectionId));
  for (const [key, override] of Object.entries(spec.mappingOverrides)) {
    if (!override || override.disabled) continue;
    const base = `mappings.${key}`;
    const target = parseMappingKey(key);
    if ('problem' in target) {
      problems.push({ code: 'INCOMPLETE_MAPPING', path: base, message: `${base}: ${target.problem}` });
      continue;
    }
    const { entityType, additionalTarget } = target;
    const connectionId = additionalTarget ?? override.connectionId;
    if (connectionId && !connections.has(connectionId)) {
      problems.push({
        code: 'UNKNOWN_CONNECTION',
        path: additionalTarget ? base : `${base}.connectionId`,
        message: `${base}${additionalTarget ? '' : '.connectionId'}: the tenant has no connection "${connectionId}"`,
      });
      continue;
    }
    if (additionalTarget && override.connectionId && override.connectionId !== additionalTarget) {
      problems.push({
        code: 'UNKNOWN_CONNECTION',
        path: `${base}.connectionId`,
        message: `${base}.connectionId: this mapping's target is "${additionalTarget}" (from its key); leave connectionId out`,
      });
      continue;
    }
    const merged = additionalTarget
      ? additionalTargetMapping(spec, template, entityType, additionalTarget, override)
      : { ...mergeMapping(template, entityType, override, override.connectionId ?? 'pending'), templateName: template.name };
    if ('incomplete' in merged) {
      const duplicate = merged.incomplete.includes('already goes to');
      problems.push({ code: duplicate ? 'DUPLICATE_TARGET' : 'INCOMPLETE_MAPPING', path: base, message: `${base}: ${merged.incomplete}` });
      continue;
    }
    for (const field of [...Object.keys(merged.fieldExpressions), ...Object.keys(merged.defaults ?? {})]) {
      const unsafe = fieldPathProblem(field);
      if (unsafe)
        problems.push({
          code: 'UNSAFE_FIELD_PATH',
          path: `${base}.fieldExpressions.${field}`,
          message: `${base}: ERP field path "${field}" ${unsafe}`,
        });
    }
    const eventType = eventTypeOf(entityType);
    if (!eventType) continue;
    problems.push(...expressionProblems(merged.externalIdExpression, `${base}.externalIdExpression`, eventType));
    for (const [field, expression] of Object.entries(merged.fieldExpressions))
      problems.push(...expressionProblems(expression, `${base}.fieldExpressions.${field}`, eventType));
    for (const required of merged.requiredFields.filter((field) => !coversRequired(merged, field))) {
      problems.push({
        code: 'REQUIRED_FIELD_MISSING',
        path: `${base}.fieldExpressions.${required}`,
        message: `${base}: ${merged.templateName} ${merged.recordType} requires field "${required}", which the mapping no longer produces`,
      });
    }
  }
  for (const connection of spec.connections) {
    const connectionTemplate = template.erpKind === connection.erpKind ? template : latestTemplateForErpKind(connection.erpKind);
    const missing = connectionTemplate ? missingRequiredSettings(connectionTemplate, connection) : [];
    if (missing.length > 0) {
      const path = `connections.${connection.connectionId}.settings`;
      problems.push({
        code: 'MISSING_SETTING',
        path,
        message: `${path}: missing ${missing.map((setting) => `"${setting}"`).join(', ')}, required by template ${connectionTemplate!.name} for ${connection.authKind} connections`,
      });
    }
    for (const { setting, problem } of connectionSettingProblems(connection.erpKind, connection.settings)) {
      const path = `connections.${connection.connectionId}.settings.${setting}`;
      problems.push({ code: 'SETTING_OUT_OF_BOUNDS', path, message: `${path}: ${problem}` });
    }
  }
  for (const problem of systemOfRecordProblems(spec.policies?.systemOfRecord ?? {}, [...connections])) {
    problems.push({ code: problem.code, path: `policies.systemOfRecord.${problem.key}`, message: `policies.${problem.message}` });
  }
  spec.rules.forEach((rule) => {
    const path = `rules.${rule.name}`;
    const eventType = eventTypeOf(rule.entityType);
    if (eventType) problems.push(...expressionProblems(rule.condition, `${path}.condition`, eventType));
    if (rule.kind === 'route' && (!rule.connectionId || !connections.has(rule.connectionId))) {
      problems.push({
        code: 'UNKNOWN_CONNECTION',
        path: `${path}.connectionId`,
        message: `${path}: a route rule needs a connectionId the tenant has; got "${rule.connectionId ?? ''}"`,
      });
    }
  });
  return problems;
}
