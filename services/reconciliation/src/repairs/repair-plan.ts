import { createHash } from 'node:crypto';

/** Causes a re-delivery of Ferry's latest version repairs: the ERP holds a record Ferry wrote, with other values. */
export const REDELIVERABLE_CAUSES = ['erp_edited_after_delivery', 'delivery_never_applied'] as const;

export interface RepairCandidate {
  kind: string;
  cause: string | null;
  /** The finding was repaired already (its re-delivery was sent). */
  repairedAt: string | null;
  /** The books hold a canonical body of the record's entity (the version to send again). */
  hasCanonicalVersion: boolean;
}

export type RepairDecision = { action: 'redeliver' } | { action: 'refuse'; code: RepairRefusal; reason: string };

export type RepairRefusal = 'NOT_REDELIVERABLE' | 'ALREADY_REPAIRED' | 'NO_CANONICAL_VERSION';

/**
 * What a repair does with one finding: re-deliver Ferry's latest canonical version when the ERP drifted from what
 * Ferry wrote (edited after delivery, or the delivery never applied), once; anything else is refused with its
 * reason (a record missing in or unknown to the ERP, a totals finding, an undetermined cause: an operator decides).
 */
export function repairDecisionOf(candidate: RepairCandidate): RepairDecision {
  if (candidate.repairedAt !== null)
    return {
      action: 'refuse',
      code: 'ALREADY_REPAIRED',
      reason: `re-delivered at ${candidate.repairedAt}; a new run finds it again if it drifted again`,
    };
  if (!(REDELIVERABLE_CAUSES as readonly (string | null)[]).includes(candidate.cause))
    return {
      action: 'refuse',
      code: 'NOT_REDELIVERABLE',
      reason: `a ${candidate.kind} finding with cause ${candidate.cause ?? 'none'} is not repaired by re-delivery (only ${REDELIVERABLE_CAUSES.join(', ')})`,
    };
  if (!candidate.hasCanonicalVersion)
    return {
      action: 'refuse',
      code: 'NO_CANONICAL_VERSION',
      reason: "the books hold no canonical body of the record's entity to send again",
    };
  return { action: 'redeliver' };
}

/**
 * The event id of a finding's re-delivery, the same every time (a UUID from the finding id): sent twice, the second
 * is the same event, which transformation and delivery already know (their command id derives from it).
 */
export function repairEventIdOf(findingId: string): string {
  const hex = createHash('sha256').update(`reconciliation-repair\u0000${findingId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
