import { DRIFT_CAUSES, type DriftCause } from '@ferry/canonical-comparison';
import type { UnitOutcome } from './run-outcome';
import type { UnitCounts } from './record-type-reconciler';

/** What a run says about one unit once it is done with it. */
export interface UnitReport {
  connectionId: string;
  erpKind: string;
  recordType: string;
  outcome: UnitOutcome;
  reason?: string;
  readMode?: string;
  /** How the unit was read: in full, or only what changed since `changedSince` (ERP change cursor, books). */
  mode?: 'full' | 'incremental';
  changedSince?: string;
  /** Why a unit asked to be read incrementally was read in full. */
  note?: string;
  counts?: UnitCounts;
}

/** A tenant's drift as dashboards show it: records checked, in sync, drifted by cause, and what was not checked. */
export interface DriftSummary {
  recordsChecked: number;
  inSync: number;
  drifted: number;
  driftedByCause: Record<DriftCause, number>;
  notComparable: number;
  /** Periods × measures (amount, open balance) whose finance totals differ, over the units read in full. */
  totalMismatches: number;
  unsupported: { connectionId: string; recordType: string; reason: string }[];
  failed: { connectionId: string; recordType: string; reason: string }[];
}

export function driftSummaryOf(units: readonly UnitReport[]): DriftSummary {
  const driftedByCause = Object.fromEntries(DRIFT_CAUSES.map((cause) => [cause, 0])) as Record<DriftCause, number>;
  let inSync = 0;
  let notComparable = 0;
  let totalMismatches = 0;
  for (const unit of units) {
    if (!unit.counts) continue;
    totalMismatches += unit.counts.totalMismatches ?? 0;
    inSync += unit.counts.inSync;
    notComparable += unit.counts.notComparable;
    for (const cause of DRIFT_CAUSES) driftedByCause[cause] += unit.counts.byCause[cause];
  }
  const drifted = DRIFT_CAUSES.reduce((sum, cause) => sum + driftedByCause[cause], 0);
  const named = (outcome: UnitOutcome) =>
    units
      .filter((unit) => unit.outcome === outcome)
      .map((unit) => ({ connectionId: unit.connectionId, recordType: unit.recordType, reason: unit.reason ?? '' }));
  return {
    recordsChecked: inSync + drifted,
    inSync,
    drifted,
    driftedByCause,
    notComparable,
    totalMismatches,
    unsupported: named('unsupported'),
    failed: named('failed'),
  };
}

/** A run's progress as the API shows it: rates over the time it has been running, and the time left at that rate. */
export interface RunProgressView {
  recordsRead: number;
  recordsCompared: number;
  recordsPerSecond: number | null;
  comparedPerSecond: number | null;
  recordsExpected: number | null;
  etaSeconds: number | null;
}

export function progressViewOf(row: {
  recordsRead: number;
  recordsCompared: number;
  booksRead: number;
  runningSeconds: number;
  recordsExpected: number | null;
  finished: boolean;
}): RunProgressView {
  const seconds = row.runningSeconds;
  const rate = (count: number) => (seconds > 0 ? Math.round((count / seconds) * 10) / 10 : null);
  const booksRate = seconds > 0 ? row.booksRead / seconds : 0;
  const left = row.recordsExpected === null ? null : Math.max(0, row.recordsExpected - row.booksRead);
  const etaSeconds = row.finished ? 0 : left === null || booksRate === 0 ? null : Math.ceil(left / booksRate);
  return {
    recordsRead: row.recordsRead,
    recordsCompared: row.recordsCompared,
    recordsPerSecond: rate(row.recordsRead),
    comparedPerSecond: rate(row.recordsCompared),
    recordsExpected: row.recordsExpected,
    etaSeconds,
  };
}
