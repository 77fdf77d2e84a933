import type { SyncStatus, TenantConfiguration } from '@ferry/contracts';

/** A tenant expression that hit a sandbox limit on a real event: the mapping is flagged until it changes. */
export interface MappingIncident {
  tenantId: string;
  entityType: string;
  /** The expression's id, e.g. mappings.customer@ns-main.fieldExpressions.email or rules.vip.condition. */
  path: string;
  code: string;
  message: string;
  configVersion: number;
  eventId: string;
  at: number;
}

/** The statuses that flag a mapping: transformation dead-lettered the event because an expression hit a limit. */
export function incidentFrom(status: SyncStatus): MappingIncident | undefined {
  if (status.stage !== 'transformation' || status.status !== 'dead_lettered') return undefined;
  if (!status.errorCode?.startsWith('EXPRESSION_') || !status.errorPath || status.configVersion == null) return undefined;
  return {
    tenantId: status.tenantId,
    entityType: status.entityType,
    path: status.errorPath,
    code: status.errorCode,
    message: status.errorMessage ?? status.errorCode,
    configVersion: status.configVersion,
    eventId: status.eventId,
    at: status.recordedAt,
  };
}

/** The text of the expression a path names in a configuration, or undefined when the configuration has none there. */
export function expressionAt(configuration: TenantConfiguration, path: string): string | undefined {
  const rule = /^rules\.([^.]+)\.condition$/.exec(path);
  if (rule) return (configuration.rules ?? []).find((candidate) => candidate.name === rule[1])?.condition;
  const mapped = /^mappings\.([^.@]+)@([^.]+)\.(externalIdExpression|fieldExpressions\.(.+))$/.exec(path);
  if (!mapped) return undefined;
  const [, entityType, connectionId, part, field] = mapped;
  const mapping = configuration.mappings.find(
    (candidate) => candidate.entityType === entityType && candidate.connectionId === connectionId,
  );
  if (!mapping) return undefined;
  if (part === 'externalIdExpression') return mapping.externalIdExpression;
  return field !== undefined && Object.hasOwn(mapping.fieldExpressions, field) ? mapping.fieldExpressions[field] : undefined;
}

/** Still open: the configuration in force has the very expression that hit the limit, at the same place. */
export function incidentIsOpen(incident: { path: string; expression: string | null }, current: TenantConfiguration): boolean {
  return incident.expression !== null && expressionAt(current, incident.path) === incident.expression;
}
