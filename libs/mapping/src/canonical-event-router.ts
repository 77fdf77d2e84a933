import { createHash } from 'node:crypto';
import type { CanonicalEvent, DeliveryCommand, TenantConfiguration, TenantRule } from '@ferry/contracts';
import {
  MappingError,
  addMappingExpressions,
  assembleMappedRecord,
  limitFailure,
  mappingErrorCodeOf,
  plainData,
  type MappingSlots,
} from './entity-mapper';
import { UnsafeFieldPathError } from './field-paths';
import { fieldsLeftOut } from './system-of-record-fields';
import { rejectionClassOf, type MappingErrorCode, type RejectionClass } from './mapping-error-code';
import type { ExpressionEvaluator } from './sandbox/expression-sandbox';
import type { ExpressionProgram, ProgramExpression, ProgramResult } from './sandbox/sandbox-protocol';
import { addRuleConditions, decideRules, type RuleEvaluation } from './tenant-rules';

/** ERP fields a command leaves out because its connection is their system of record. */
export interface FieldsLeftOut {
  connectionId: string;
  erpKind: string;
  fields: { erpField: string; groups: string[] }[];
}

export type RoutingDecision = (
  | { kind: 'deliver'; commands: DeliveryCommand[]; leftOut: FieldsLeftOut[] }
  | { kind: 'skip'; reason: string; rule?: string }
  | {
      kind: 'reject';
      /** Always rejectionClassOf(code). */
      errorClass: RejectionClass;
      code: MappingErrorCode;
      reason: string;
      rule?: string;
      /** Where in the tenant's configuration the failure lies (an expression's id), when it is one place. */
      path?: string;
    }
) & { rules: RuleEvaluation[] };

/** Same event + same connection → same command id, however often the event is processed. */
export function commandIdFor(eventId: string, connectionId: string): string {
  const hex = createHash('sha256').update(`${eventId}\u0000${connectionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An operator's replay of one connection's delivery: only that connection's command goes out again (the
 * others already succeeded), or a visible skip when the current configuration no longer maps it there.
 */
export function restrictToConnection(decision: RoutingDecision, connectionId: string): RoutingDecision {
  if (decision.kind !== 'deliver') return decision;
  const commands = decision.commands.filter((command) => command.connectionId === connectionId);
  if (commands.length > 0) return { ...decision, commands };
  return {
    kind: 'skip',
    reason: `replay for connection ${connectionId}: the current configuration maps this event to no command for that connection`,
    rules: decision.rules,
  };
}

/** Every expression one event of an entity type needs under one configuration version, built once per version. */
export interface RoutingProgram {
  program: ExpressionProgram;
  rules: [TenantRule, number][];
  mappings: MappingSlots[];
}

const programs = new WeakMap<TenantConfiguration, Map<string, RoutingProgram>>();

export function routingProgramFor(configuration: TenantConfiguration, entityType: string): RoutingProgram {
  let byEntity = programs.get(configuration);
  if (!byEntity) programs.set(configuration, (byEntity = new Map()));
  let routing = byEntity.get(entityType);
  if (!routing) {
    const expressions: ProgramExpression[] = [];
    const valueMapSets: Record<string, Record<string, string>>[] = [];
    const rules = addRuleConditions(expressions, configuration.rules ?? [], entityType);
    const mappings = configuration.mappings
      .filter((mapping) => mapping.entityType === entityType)
      .map((mapping) => addMappingExpressions(expressions, valueMapSets, mapping, `mappings.${entityType}@${mapping.connectionId}.`));
    routing = { program: { expressions, valueMapSets }, rules, mappings };
    byEntity.set(entityType, routing);
  }
  return routing;
}

/**
 * Decides what one canonical event becomes for its tenant: one delivery command per mapping of its entity
 * type (a tenant may feed several ERPs), a visible skip, or a rejection with the reason. The tenant's rules and
 * mappings are evaluated together in the sandbox, in one task; the caller publishes.
 */
export async function routeCanonicalEvent(
  event: CanonicalEvent,
  entityType: string,
  configuration: TenantConfiguration | undefined,
  sandbox: ExpressionEvaluator,
  now = Date.now(),
): Promise<RoutingDecision> {
  const { envelope } = event;
  if (!configuration) {
    return {
      kind: 'reject',
      errorClass: rejectionClassOf('TENANT_NOT_CONFIGURED'),
      code: 'TENANT_NOT_CONFIGURED',
      reason: `tenant ${envelope.tenantId} has no configuration; onboard it before sending events`,
      rules: [],
    };
  }
  if (!configuration.active)
    return { kind: 'skip', reason: `tenant ${envelope.tenantId} is inactive (configuration v${configuration.version})`, rules: [] };
  const routing = routingProgramFor(configuration, entityType);
  const result: ProgramResult =
    routing.program.expressions.length === 0
      ? { kind: 'evaluated', outcomes: [] }
      : await sandbox.evaluate(routing.program, plainData(event));
  return decideRoute(event, entityType, configuration, routing, result, now);
}

function failurePath(error: unknown): string {
  if (error instanceof MappingError) return error.expressionPath;
  if (error instanceof UnsafeFieldPathError) return `fieldExpressions.${error.path}`;
  return 'fieldExpressions';
}

/**
 * Where a route rule sends one mapping's command: to the rule's connection when it is of the mapping's own ERP kind
 * (orders of EU customers to the EU NetSuite account), else to the mapping's connection. A tenant that sends an
 * entity to several targets (its ERP and a warehouse webhook) has each shaped for its kind; a NetSuite-shaped order
 * is never rerouted to a webhook, and two commands never land on one connection.
 */
export function routedConnectionId(configuration: TenantConfiguration, mappedTo: string, routeTo: string | undefined): string {
  if (!routeTo) return mappedTo;
  const kindOf = (connectionId: string) =>
    configuration.connections.find((connection) => connection.connectionId === connectionId)?.erpKind;
  const mappedKind = kindOf(mappedTo);
  return mappedKind === undefined || kindOf(routeTo) === undefined || kindOf(routeTo) === mappedKind ? routeTo : mappedTo;
}

/** The routing decision from the evaluated program (pure). */
export function decideRoute(
  event: CanonicalEvent,
  entityType: string,
  configuration: TenantConfiguration,
  routing: RoutingProgram,
  result: ProgramResult,
  now: number,
): RoutingDecision {
  const { envelope } = event;
  const version = `configuration v${configuration.version}`;
  if (result.kind === 'limit') {
    return {
      kind: 'reject',
      errorClass: rejectionClassOf(result.code),
      code: result.code,
      reason: `${entityType}: ${limitFailure(result).message} (${version})`,
      rules: [],
      ...(result.expressionId ? { path: result.expressionId } : {}),
    };
  }
  const outcome = decideRules(routing.rules, result.outcomes);
  const rules = outcome.evaluations;
  if (outcome.rejectedBy) {
    const rule = outcome.rejectedBy;
    const failed = rules.find((evaluation) => evaluation.name === rule.name)?.error;
    const why = failed ? `its condition could not be evaluated (${failed})` : (rule.message ?? 'its condition matched');
    return {
      kind: 'reject',
      errorClass: rejectionClassOf('RULE_REJECTED'),
      code: 'RULE_REJECTED',
      reason: `rule "${rule.name}" rejected the ${entityType}: ${why} (${version})`,
      rule: rule.name,
      rules,
      ...(failed ? { path: `rules.${rule.name}.condition` } : {}),
    };
  }
  if (outcome.skippedBy) {
    const rule = outcome.skippedBy;
    return {
      kind: 'skip',
      reason: `rule "${rule.name}" skipped the ${entityType}${rule.message ? `: ${rule.message}` : ''} (${version})`,
      rule: rule.name,
      rules,
    };
  }
  if (routing.mappings.length === 0)
    return { kind: 'skip', reason: `tenant ${envelope.tenantId} does not sync ${entityType} (${version})`, rules };
  const commands: DeliveryCommand[] = [];
  const leftOut: FieldsLeftOut[] = [];
  for (const slots of routing.mappings) {
    const { mapping } = slots;
    const connectionId = routedConnectionId(configuration, mapping.connectionId, outcome.routeTo?.connectionId ?? undefined);
    const connection = configuration.connections.find((candidate) => candidate.connectionId === connectionId);
    if (!connection) {
      return {
        kind: 'reject',
        errorClass: rejectionClassOf('CONNECTION_MISSING'),
        code: 'CONNECTION_MISSING',
        reason: `${entityType} is routed to connection ${connectionId}, which the tenant does not have (${version})`,
        rules,
      };
    }
    // A change that came from this ERP (inbound sync) is not written back to it: that would echo forever.
    if (connection.erpKind === envelope.sourceSystem) continue;
    const fieldsLeft = fieldsLeftOut(configuration, entityType, mapping, connection.connectionId);
    if (fieldsLeft.length > 0) leftOut.push({ connectionId: connection.connectionId, erpKind: connection.erpKind, fields: fieldsLeft });
    let mapped;
    try {
      mapped = assembleMappedRecord(slots, result.outcomes, new Set(fieldsLeft.map((field) => field.erpField)));
    } catch (error) {
      const code = mappingErrorCodeOf(error);
      return {
        kind: 'reject',
        errorClass: rejectionClassOf(code),
        code,
        reason: `${entityType} → ${connection.erpKind} ${mapping.recordType}: ${(error as Error).message} (${version})`,
        rules,
        path: `mappings.${entityType}@${mapping.connectionId}.${failurePath(error)}`,
      };
    }
    commands.push({
      commandId: commandIdFor(envelope.eventId, connection.connectionId),
      eventId: envelope.eventId,
      tenantId: envelope.tenantId,
      correlationId: envelope.correlationId,
      entityType,
      entityId: envelope.entityId,
      entityVersion: envelope.entityVersion,
      eventOccurredAt: envelope.occurredAt,
      sourceSystem: envelope.sourceSystem,
      connectionId: connection.connectionId,
      erpKind: connection.erpKind,
      recordType: mapping.recordType,
      externalId: mapped.externalId,
      operation: 'upsert',
      payloadJson: JSON.stringify(mapped.payload),
      configVersion: configuration.version,
      createdAt: now,
    });
  }
  if (commands.length === 0)
    return {
      kind: 'skip',
      reason: `the ${entityType} came from ${envelope.sourceSystem}; it is not written back to its source (${version})`,
      rules,
    };
  return { kind: 'deliver', commands, rules, leftOut };
}
