import type { OperatorAuditEntry } from '@ferry/database';

export type ExceptionAction = 'dead-letters.assign' | 'dead-letters.comment' | 'dead-letters.resolve';

/** The audit entry of work on the exception queue: who did what to which dead letters, what changed, and why. */
export function exceptionAuditEntry(
  action: ExceptionAction,
  tenantId: string,
  actor: string,
  ids: string[],
  after: Record<string, unknown>,
  reason: string | null,
): OperatorAuditEntry {
  return { tenantId, actor, action, subject: `ids:${ids.join(',')}`, before: { asked: ids }, after, reason };
}
