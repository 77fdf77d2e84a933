import type { EntityMapping, TenantConfiguration } from '@ferry/contracts';
import { domainOfEntityType, outboundWriteDecision, resolveSystemOfRecord, type OutboundWriteDecision } from '@ferry/master-data';
import { referencedPaths } from './expression-references';

const decisions = new WeakMap<EntityMapping, Map<string, OutboundWriteDecision>>();

function readsOf(expression: string): string[] {
  try {
    return referencedPaths(expression).map(({ path }) => path.join('.'));
  } catch {
    // An expression that does not compile fails in the sandbox with its own error; it reads nothing here.
    return [];
  }
}

/**
 * The ERP fields of one mapping that a write to `connectionId` leaves out, because their expressions read a field
 * group that connection is the system of record of (the tenant's policies.systemOfRecord). Decided from the
 * expressions alone, once per configuration version, mapping and connection.
 */
export function fieldsLeftOut(
  configuration: TenantConfiguration,
  entityType: string,
  mapping: EntityMapping,
  connectionId: string,
): OutboundWriteDecision['leaveOut'] {
  const domain = domainOfEntityType(entityType);
  const declaration = configuration.policies?.systemOfRecord;
  if (!domain || !declaration || Object.keys(declaration).length === 0) return [];
  let byConnection = decisions.get(mapping);
  if (!byConnection) decisions.set(mapping, (byConnection = new Map()));
  let decision = byConnection.get(connectionId);
  if (!decision) {
    const fields = Object.entries(mapping.fieldExpressions).map(([erpField, expression]) => ({ erpField, reads: readsOf(expression) }));
    decision = outboundWriteDecision(resolveSystemOfRecord(declaration), domain, connectionId, fields);
    byConnection.set(connectionId, decision);
  }
  return decision.leaveOut;
}
