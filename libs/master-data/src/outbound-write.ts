import { PRODUCT_SYSTEM, type MasterDataDomain } from './field-groups';
import { groupsTouchedBy, ownerOfGroup, type SystemOfRecord } from './system-of-record';

/** One ERP field a mapping writes, with the canonical paths its expression reads (referencedPaths of @ferry/mapping). */
export interface MappedFieldReads {
  erpField: string;
  reads: readonly string[];
}

export interface OutboundWriteDecision {
  /** ERP fields the write may carry. */
  write: string[];
  /** ERP fields left out because they are made from a group the target connection owns: the ERP keeps its value. */
  leaveOut: { erpField: string; groups: string[] }[];
}

/**
 * Which ERP fields a product change may write to `connectionId`: every field except those whose expression reads
 * a group that connection owns (the ERP is its system of record, so the product's value must not overwrite it).
 * A group owned by the product, by another connection (a CRM whose value reached the product) or by nobody is
 * written. A field reading the whole record reads every group, so it is left out when any group is owned.
 */
export function outboundWriteDecision(
  rules: SystemOfRecord,
  domain: MasterDataDomain,
  connectionId: string,
  fields: readonly MappedFieldReads[],
): OutboundWriteDecision {
  const decision: OutboundWriteDecision = { write: [], leaveOut: [] };
  if (connectionId === PRODUCT_SYSTEM) return { ...decision, write: fields.map((field) => field.erpField) };
  for (const { erpField, reads } of fields) {
    const owned = [...new Set(reads.flatMap((path) => groupsTouchedBy(domain, path)))].filter(
      (group) => ownerOfGroup(rules, domain, group) === connectionId,
    );
    if (owned.length > 0) decision.leaveOut.push({ erpField, groups: owned.sort() });
    else decision.write.push(erpField);
  }
  return decision;
}
