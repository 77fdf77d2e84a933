import { createHash } from 'node:crypto';
import type { CanonicalEvent, DeliveryCommand, TenantConfiguration } from '@ferry/contracts';
import { mapCanonicalEvent } from '../mapping/entity-mapper';

export type RoutingDecision =
  | { kind: 'deliver'; commands: DeliveryCommand[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'reject'; errorClass: 'configuration' | 'mapping'; code: string; reason: string };

/** Same event + same connection → same command id, however often the event is processed. */
export function commandIdFor(eventId: string, connectionId: string): string {
  const hex = createHash('sha256').update(`${eventId}\u0000${connectionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
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
    };
  }
  if (!configuration.active)
    return { kind: 'skip', reason: `tenant ${envelope.tenantId} is inactive (configuration v${configuration.version})` };
  const mappings = configuration.mappings.filter((mapping) => mapping.entityType === entityType);
  if (mappings.length === 0)
    return { kind: 'skip', reason: `tenant ${envelope.tenantId} does not sync ${entityType} (configuration v${configuration.version})` };
  const commands: DeliveryCommand[] = [];
  for (const mapping of mappings) {
    const connection = configuration.connections.find((candidate) => candidate.connectionId === mapping.connectionId);
    if (!connection) {
      return {
        kind: 'reject',
        errorClass: 'configuration',
        code: 'CONNECTION_MISSING',
        reason: `mapping for ${entityType} names connection ${mapping.connectionId}, which the tenant does not have`,
      };
    }
    let mapped;
    try {
      mapped = await mapCanonicalEvent(event, mapping);
    } catch (error) {
      return {
        kind: 'reject',
        errorClass: 'mapping',
        code: 'MAPPING_FAILED',
        reason: `${entityType} → ${connection.erpKind} ${mapping.recordType}: ${(error as Error).message}`,
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
  return { kind: 'deliver', commands };
}
