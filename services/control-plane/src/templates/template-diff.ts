import type { EntityMapping } from '@ferry/contracts';
import { findTemplate } from '@ferry/erp-templates';
import { effectiveConfiguration } from '../tenants/effective-configuration';
import type { TenantSpec } from '../tenants/tenant-spec';

export interface FieldChange {
  entityType: string;
  field: string;
  change: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

function fieldsOf(mapping: EntityMapping | undefined): Record<string, string> {
  if (!mapping) return {};
  return {
    externalId: mapping.externalIdExpression,
    recordType: mapping.recordType,
    ...mapping.fieldExpressions,
    ...Object.fromEntries(Object.entries(mapping.defaults ?? {}).map(([field, value]) => [`${field} (default)`, JSON.stringify(value)])),
  };
}

/**
 * What moving a tenant to another template version would change in its effective mappings, with its own
 * overrides applied on both sides: an override survives the upgrade, so a field the tenant overrode shows no change.
 */
export function templateUpgradeDiff(
  spec: TenantSpec,
  toVersion: number,
): { from: string; to: string; templateChanges: string | null; changes: FieldChange[]; overridesKept: string[] } {
  const target = findTemplate(spec.template.name, toVersion);
  if (!target) throw new Error(`template ${spec.template.name} has no version ${toVersion}`);
  const before = effectiveConfiguration(spec, 0, 'diff').configuration.mappings;
  const after = effectiveConfiguration({ ...spec, template: { name: target.name, version: target.version } }, 0, 'diff').configuration
    .mappings;
  const entityTypes = [...new Set([...before, ...after].map((mapping) => mapping.entityType))].sort();
  const changes: FieldChange[] = [];
  for (const entityType of entityTypes) {
    const old = fieldsOf(before.find((m) => m.entityType === entityType));
    const next = fieldsOf(after.find((m) => m.entityType === entityType));
    for (const field of [...new Set([...Object.keys(old), ...Object.keys(next)])].sort()) {
      if (old[field] === next[field]) continue;
      if (old[field] === undefined) changes.push({ entityType, field, change: 'added', after: next[field]! });
      else if (next[field] === undefined) changes.push({ entityType, field, change: 'removed', before: old[field] });
      else changes.push({ entityType, field, change: 'changed', before: old[field], after: next[field]! });
    }
  }
  const overridesKept = Object.entries(spec.mappingOverrides).flatMap(([entityType, override]) =>
    Object.keys(override?.fieldExpressions ?? {}).map((field) => `${entityType}.${field}`),
  );
  return {
    from: `${spec.template.name}@${spec.template.version}`,
    to: `${target.name}@${target.version}`,
    templateChanges: target.changes ?? null,
    changes,
    overridesKept,
  };
}
