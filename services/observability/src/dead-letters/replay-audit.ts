import type { OperatorAuditEntry } from '@ferry/database';
import type { ReplayItem } from './dead-letter-replay.service';

export interface ReplayRequestSummary {
  tenantId: string;
  actor: string;
  ids: string[] | undefined;
  filter: Record<string, unknown>;
  reason: string | undefined;
}

/**
 * The audit entry of a replay that sent (not a dry run): which dead letters were open before, and what became of
 * each. The subject is the ids asked for, or the filter when none were named.
 */
export function replayAuditEntry(request: ReplayRequestSummary, openBefore: string[], items: ReplayItem[]): OperatorAuditEntry {
  return {
    tenantId: request.tenantId,
    actor: request.actor,
    action: 'dead-letters.replay',
    subject: request.ids ? `ids:${request.ids.join(',')}` : `filter:${JSON.stringify(request.filter)}`,
    before: { open: openBefore },
    after: { items: items.map(({ deadLetterId, outcome, reason }) => ({ deadLetterId, outcome, ...(reason ? { reason } : {}) })) },
    reason: request.reason ?? null,
  };
}
