import { driftCauseOf, type DriftCause, type DriftEvidence } from './drift-cause';

const delivered = Date.parse('2026-11-20T10:00:00Z');
const base: DriftEvidence = {
  deliveredAt: delivered,
  inErp: true,
  erpLastModified: '2026-11-20T10:00:00Z',
  differingFields: 0,
  clockSkewMs: 5_000,
};

describe('driftCauseOf: the likely cause of a difference', () => {
  it.each<[string, Partial<DriftEvidence>, DriftCause | undefined]>([
    ['same values on both sides', {}, undefined],
    ['same values, ERP touched later (a field Ferry does not write)', { erpLastModified: '2026-11-21T00:00:00Z' }, undefined],
    ['in the books, not in the ERP', { inErp: false, erpLastModified: undefined }, 'missing_in_erp'],
    ['in the ERP, not in the books', { deliveredAt: undefined }, 'unknown_in_erp'],
    ['on neither side', { deliveredAt: undefined, inErp: false }, undefined],
    [
      'differs, ERP changed an hour after delivery',
      { differingFields: 2, erpLastModified: '2026-11-20T11:00:00Z' },
      'erp_edited_after_delivery',
    ],
    ['differs, ERP changed before delivery', { differingFields: 1, erpLastModified: '2026-11-19T09:00:00Z' }, 'delivery_never_applied'],
    [
      'differs, ERP changed within the clock skew',
      { differingFields: 1, erpLastModified: '2026-11-20T10:00:04Z' },
      'delivery_never_applied',
    ],
    [
      'differs, ERP changed just past the clock skew',
      { differingFields: 1, erpLastModified: '2026-11-20T10:00:06Z' },
      'erp_edited_after_delivery',
    ],
    ['differs, ERP gives no time', { differingFields: 1, erpLastModified: undefined }, 'undetermined'],
    ['differs, ERP time unreadable', { differingFields: 1, erpLastModified: 'yesterday-ish' }, 'undetermined'],
  ])('%s → %p', (_case, change, cause) => {
    expect(driftCauseOf({ ...base, ...change })).toBe(cause);
  });
});
