export type SuspensionDecision = { allowed: true; active: boolean } | { allowed: false; message: string };

/**
 * Whether a tenant runs (active) or is suspended, after a change. Suspension is an operator's decision (unpaid
 * bills, abuse, an incident): a tenant's own admin key may neither suspend nor lift it, by editing the tenant or
 * in any other change. A rollback restores configuration, never the suspension state of an older version, so
 * rolling back cannot undo a suspension either.
 */
export function decideSuspension(change: {
  actor: 'operator' | 'tenant';
  via: 'edit' | 'rollback';
  current: boolean;
  requested: boolean;
}): SuspensionDecision {
  if (change.via === 'rollback') return { allowed: true, active: change.current };
  if (change.requested === change.current || change.actor === 'operator') return { allowed: true, active: change.requested };
  return {
    allowed: false,
    message: `only Ferry operators may ${change.requested ? 'lift the suspension of' : 'suspend'} a tenant`,
  };
}
