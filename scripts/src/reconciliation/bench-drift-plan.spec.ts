import { BENCH_DRIFT_KINDS, driftOf, expectedDrift, externalIdOf, indexOfExternalId, periodOf } from './bench-drift-plan';

describe('the reconciliation benchmark drift plan', () => {
  it.each<[number, number, number]>([
    [1_000_000, 0.001, 1000],
    [10_000, 0.001, 10],
    [5, 0.001, 1],
  ])('%p records at rate %p → %p of each kind, as many as driftOf assigns', (n, rate, each) => {
    const period = periodOf(rate);
    const expected = expectedDrift(n, period);
    for (const kind of BENCH_DRIFT_KINDS) expect(expected[kind]).toBe(each);
    if (n <= 10_000) {
      const counted = Object.fromEntries(BENCH_DRIFT_KINDS.map((kind) => [kind, 0]));
      for (let i = 0; i < n; i++) {
        const kind = driftOf(i, period);
        if (kind) counted[kind]! += 1;
      }
      expect(counted).toEqual(expected);
    }
  });

  it('counts only kinds whose offset lies within n', () => {
    expect(expectedDrift(3, 1000)).toEqual({
      missing_in_erp: 1,
      unknown_in_erp: 1,
      erp_edited_after_delivery: 0,
      delivery_never_applied: 0,
    });
  });

  it('refuses a rate that leaves no clean records between drifted ones', () => {
    expect(() => periodOf(0.5)).toThrow('too high');
  });

  it('external ids sort as their indexes do and read back', () => {
    expect([externalIdOf(10), externalIdOf(9), externalIdOf(100)].sort()).toEqual([externalIdOf(9), externalIdOf(10), externalIdOf(100)]);
    expect(indexOfExternalId(externalIdOf(123_456))).toBe(123_456);
  });
});
