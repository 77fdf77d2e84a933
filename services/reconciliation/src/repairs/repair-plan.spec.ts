import { repairDecisionOf, repairEventIdOf, type RepairCandidate, type RepairDecision } from './repair-plan';

const base: RepairCandidate = { kind: 'content_mismatch', cause: 'erp_edited_after_delivery', repairedAt: null, hasCanonicalVersion: true };

describe('what a repair does with a finding', () => {
  it.each<[string, Partial<RepairCandidate>, RepairDecision['action'], string | undefined]>([
    ['ERP edited after delivery: re-deliver', {}, 'redeliver', undefined],
    ['delivery never applied: re-deliver', { cause: 'delivery_never_applied' }, 'redeliver', undefined],
    ['missing in the ERP: refused', { kind: 'missing_in_erp', cause: 'missing_in_erp' }, 'refuse', 'NOT_REDELIVERABLE'],
    ['unknown in the ERP: refused', { kind: 'unknown_in_erp', cause: 'unknown_in_erp' }, 'refuse', 'NOT_REDELIVERABLE'],
    ['undetermined cause: refused', { cause: 'undetermined' }, 'refuse', 'NOT_REDELIVERABLE'],
    ['a totals finding: refused', { kind: 'total_mismatch', cause: null }, 'refuse', 'NOT_REDELIVERABLE'],
    ['repaired already: refused, never sent twice', { repairedAt: '2026-12-02T08:00:00Z' }, 'refuse', 'ALREADY_REPAIRED'],
    ['no canonical body in the books: refused', { hasCanonicalVersion: false }, 'refuse', 'NO_CANONICAL_VERSION'],
  ])('%s', (_case, candidate, action, code) => {
    const decision = repairDecisionOf({ ...base, ...candidate });
    expect(decision.action).toBe(action);
    expect(decision.action === 'refuse' ? decision.code : undefined).toBe(code);
  });

  it('gives a finding the same re-delivery event id every time, and another finding another', () => {
    expect(repairEventIdOf('f-1')).toBe(repairEventIdOf('f-1'));
    expect(repairEventIdOf('f-1')).not.toBe(repairEventIdOf('f-2'));
    expect(repairEventIdOf('f-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
