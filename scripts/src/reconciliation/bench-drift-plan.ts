/**
 * The benchmark's data: customer i of n, and which drift it carries. One record in every `period` (1/rate) carries
 * each kind, at a fixed offset, so expected counts are exact and every finding can be checked against its kind.
 */
export type BenchDriftKind = 'missing_in_erp' | 'unknown_in_erp' | 'erp_edited_after_delivery' | 'delivery_never_applied';

export const BENCH_DRIFT_KINDS: readonly BenchDriftKind[] = [
  'missing_in_erp',
  'unknown_in_erp',
  'erp_edited_after_delivery',
  'delivery_never_applied',
];

export const BENCH_DRIFT_OFFSETS: Record<BenchDriftKind, number> = {
  missing_in_erp: 1,
  unknown_in_erp: 2,
  erp_edited_after_delivery: 3,
  delivery_never_applied: 4,
};

export function periodOf(rate: number): number {
  const period = Math.round(1 / rate);
  if (!Number.isFinite(period) || period < BENCH_DRIFT_KINDS.length + 1)
    throw new Error(`drift rate ${rate} is too high: at most 1/${BENCH_DRIFT_KINDS.length + 1}`);
  return period;
}

export function driftOf(index: number, period: number): BenchDriftKind | undefined {
  const offset = index % period;
  return BENCH_DRIFT_KINDS.find((kind) => BENCH_DRIFT_OFFSETS[kind] === offset);
}

/** How many of n records carry each kind. */
export function expectedDrift(n: number, period: number): Record<BenchDriftKind, number> {
  return Object.fromEntries(
    BENCH_DRIFT_KINDS.map((kind) => [
      kind,
      n > BENCH_DRIFT_OFFSETS[kind] ? Math.floor((n - 1 - BENCH_DRIFT_OFFSETS[kind]) / period) + 1 : 0,
    ]),
  ) as Record<BenchDriftKind, number>;
}

export const customerIdOf = (index: number): string => `c${String(index).padStart(8, '0')}`;
export const externalIdOf = (index: number): string => `ferry-${customerIdOf(index)}`;
export const indexOfExternalId = (externalId: string): number => Number(externalId.slice('ferry-c'.length));

/** Ferry delivered every record at this time; ERP changes are at or before it, edits after it. */
export const DELIVERED_AT = '2026-11-20T10:00:01.000Z';
export const ERP_WRITTEN_AT = '2026-11-20T10:00:00.000Z';
export const ERP_EDITED_AT = '2026-11-20T12:00:00.000Z';
