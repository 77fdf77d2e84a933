import { createHash } from 'node:crypto';
import type { CanonicalEvent, DeliveryCommand, TenantConfiguration } from '@ferry/contracts';
import { mapCanonicalEvent } from './entity-mapper';
import { evaluateRules, type RuleEvaluation } from './tenant-rules';

export type RoutingDecision = (
  | { kind: 'deliver'; commands: DeliveryCommand[] }
  | { kind: 'skip'; reason: string; rule?: string }
  | { kind: 'reject'; errorClass: 'configuration' | 'mapping' | 'rule'; code: string; reason: string; rule?: string }
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

/**
 * Decides what one canonical event becomes for its tenant: one delivery command per mapping of its entity
 * type (a tenant may feed several ERPs), a visible skip, or a rejection with the reason. Pure: the caller
 * publishes.
 */
export async function routeCanonicalEvent(
  event: CanonicalEvent,
  entityType: string,
  configuration: TenantConfiguration | undefined,
  now = Date.now(),
): Promise<RoutingDecision> {
  const { envelope } = event;
  if (!configuration) {
    return {
      kind: 'reject',
      errorClass: 'configuration',
      code: 'TENANT_NOT_CONFIGURED',
      reason: `tenant ${envelope.tenantId} has no configuration; onboard it before sending events`,
      rules: [],
    };
  }
  const version = `configuration v${configuration.version}`;
  if (!configuration.active) return { kind: 'skip', reason: `tenant ${envelope.tenantId} is inactive (${version})`, rules: [] };
  const outcome = await evaluateRules(event, entityType, configuration.rules ?? []);
  const rules = outcome.evaluations;
  if (outcome.rejectedBy) {
    const rule = outcome.rejectedBy;
    const failed = rules.find((evaluation) => evaluation.name === rule.name)?.error;
    const why = failed ? `its condition could not be evaluated (${failed})` : (rule.message ?? 'its condition matched');
    return {
      kind: 'reject',
      errorClass: 'rule',
      code: 'RULE_REJECTED',
      reason: `rule "${rule.name}" rejected the ${entityType}: ${why} (${version})`,
      rule: rule.name,
      rules,
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
  const mappings = configuration.mappings.filter((mapping) => mapping.entityType === entityType);
  if (mappings.length === 0) return { kind: 'skip', reason: `tenant ${envelope.tenantId} does not sync ${entityType} (${version})`, rules };
  const commands: DeliveryCommand[] = [];
  for (const mapping of mappings) {
    const connectionId = outcome.routeTo?.connectionId ?? mapping.connectionId;
    const connection = configuration.connections.find((candidate) => candidate.connectionId === connectionId);
    if (!connection) {
      return {
        kind: 'reject',
        errorClass: 'configuration',
        code: 'CONNECTION_MISSING',
        reason: `${entityType} is routed to connection ${connectionId}, which the tenant does not have (${version})`,
        rules,
      };
    }
    // A change that came from this ERP (inbound sync) is not written back to it: that would echo forever.
    if (connection.erpKind === envelope.sourceSystem) continue;
    let mapped;
    try {
      mapped = await mapCanonicalEvent(event, mapping);
    } catch (error) {
      return {
        kind: 'reject',
        errorClass: 'mapping',
        code: 'MAPPING_FAILED',
        reason: `${entityType} → ${connection.erpKind} ${mapping.recordType}: ${(error as Error).message} (${version})`,
        rules,
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
  return { kind: 'deliver', commands, rules };
}
