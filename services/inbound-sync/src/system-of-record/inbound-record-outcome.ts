import { inboundChangeDecision, type FieldConflict, type SystemOfRecord } from '@ferry/master-data';

export interface InboundRecordOutcome {
  /** echo: Ferry's own write read back; only_conflicts: nothing but fields another system owns changed. */
  kind: 'publish' | 'echo' | 'only_conflicts';
  /** The canonical body to publish (kind publish). */
  body: Record<string, unknown>;
  /** The record's next baseline. */
  baseline: Record<string, unknown>;
  conflicts: FieldConflict[];
}

/**
 * What one changed ERP record becomes, given whether it is Ferry's own write read back (echoVerdict), its
 * baseline and the tenant's system-of-record rules:
 * - an echo is the new baseline; it is published only when a field the connection owns changed as well, or is
 *   read for the first time (Ferry never writes those, so the echo check cannot see them), as the ERP holds it,
 *   and never raises a conflict (what Ferry wrote is the product's);
 * - any other change keeps fields another system owns at their baseline value, raises each as a conflict, and is
 *   published unless nothing else changed; its baseline is what was published.
 */
export function inboundRecordOutcome(
  rules: SystemOfRecord,
  connectionId: string,
  echo: boolean,
  previous: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
): InboundRecordOutcome {
  const decision = inboundChangeDecision(rules, 'customer', connectionId, previous, current);
  if (echo) return { kind: decision.flows.length > 0 ? 'publish' : 'echo', body: current, baseline: current, conflicts: [] };
  return {
    kind: decision.changed ? 'publish' : 'only_conflicts',
    body: decision.body,
    baseline: decision.body,
    conflicts: decision.conflicts,
  };
}
