/**
 * Finance totals per period: the sum of invoice amounts and of open balances per month, on Ferry's side (the
 * canonical versions delivered) and on the ERP's (the records read back), so a missing or extra invoice shows
 * even when the record counts match. Sums are kept in integer minor units (hundredths) so they add exactly.
 */

/** One record's contribution: the month it belongs to (YYYY-MM), its amount and its open balance, in hundredths. */
export interface TotalsContribution {
  period: string;
  amount: number;
  openBalance: number;
}

/** What a reader needs to know to total a record type, for each side. */
export interface TotalsReader {
  /** The canonical date field that decides the period (the one the ERP also holds: Dataverse has only duedate). */
  periodField: string;
  /** The ERP record's contribution, or undefined when it holds no date or amount. */
  erp(fields: Record<string, unknown>): TotalsContribution | undefined;
}

export type TotalsMeasure = 'amount' | 'open_balance';

/** Per period, per side, per measure: running sums in hundredths (JSON-safe, so a checkpoint can carry them). */
export type PeriodTotals = Record<string, { ferry: { amount: number; openBalance: number }; erp: { amount: number; openBalance: number } }>;

/** A period whose sums differ on the two sides: both sums and the difference (ERP minus Ferry), as decimals. */
export interface TotalMismatch {
  period: string;
  measure: TotalsMeasure;
  ferrySum: string;
  erpSum: string;
  difference: string;
}

/** Canonical invoice states with nothing left to pay. */
const SETTLED = new Set(['paid', 'void', 'voided', 'cancelled', 'canceled', 'written_off']);

/** A decimal amount (string or number) in hundredths, or undefined when it is not one. */
export function hundredthsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) : undefined;
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value) * 100);
}

/** The month (YYYY-MM) of a date or date-time, or undefined. */
export function periodOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/** Ferry's side of an invoice: period from the reader's date field, amount from total.amount, open unless settled. */
export function ferryInvoiceContribution(body: Record<string, unknown>, periodField: string): TotalsContribution | undefined {
  const period = periodOf(body[periodField]);
  const amount = hundredthsOf((body['total'] as { amount?: unknown } | null | undefined)?.amount);
  if (period === undefined || amount === undefined) return undefined;
  const settled = typeof body['status'] === 'string' && SETTLED.has(body['status'].toLowerCase());
  return { period, amount, openBalance: settled ? 0 : amount };
}

/** Adds one record's contribution to one side's sums (in place; returns the totals for chaining). */
export function addToTotals(totals: PeriodTotals, side: 'ferry' | 'erp', contribution: TotalsContribution | undefined): PeriodTotals {
  if (!contribution) return totals;
  const period = (totals[contribution.period] ??= { ferry: { amount: 0, openBalance: 0 }, erp: { amount: 0, openBalance: 0 } });
  period[side].amount += contribution.amount;
  period[side].openBalance += contribution.openBalance;
  return totals;
}

const decimal = (hundredths: number): string => {
  const sign = hundredths < 0 ? '-' : '';
  const absolute = Math.abs(hundredths);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
};

/** Every period and measure whose sums differ, in period order, amount before open balance. */
export function totalMismatchesOf(totals: PeriodTotals): TotalMismatch[] {
  const mismatches: TotalMismatch[] = [];
  for (const period of Object.keys(totals).sort()) {
    const { ferry, erp } = totals[period]!;
    for (const [measure, key] of [
      ['amount', 'amount'],
      ['open_balance', 'openBalance'],
    ] as const) {
      if (ferry[key] === erp[key]) continue;
      mismatches.push({
        period,
        measure,
        ferrySum: decimal(ferry[key]),
        erpSum: decimal(erp[key]),
        difference: decimal(erp[key] - ferry[key]),
      });
    }
  }
  return mismatches;
}
