export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/**
 * A date as eight digits 'YYYYMMDD'. Accepts ISO dates and timestamps, 'YYYYMMDD', and day/month/year with
 * any separator in the tenant's order. A corrupt date that still has eight digits (19551192) is kept as
 * digits so the typo comparator can see it is one keystroke from 19551122; '' when there is no date at all.
 */
export function normaliseDate(value: string | undefined | null, order: DateOrder = 'DMY'): string {
  const raw = (value ?? '').trim();
  if (raw === '') return '';
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(raw);
  if (iso) return digits(iso[1], iso[2], iso[3]);
  if (/^\d{8}$/.test(raw)) return order === 'YMD' || Number(raw.slice(0, 4)) > 1231 ? raw : reorder(raw, order);
  const parts = raw.split(/[^0-9]+/).filter(Boolean);
  if (parts.length === 3) {
    const [a = '', b = '', c = ''] = parts;
    if (a.length === 4) return digits(a, b, c);
    const year = c.length === 2 ? expandYear(c) : c;
    return order === 'MDY' ? digits(year, a, b) : digits(year, b, a);
  }
  return '';
}

/** Whether 'YYYYMMDD' names a real calendar day. */
export function isCalendarDate(yyyymmdd: string): boolean {
  return dayNumber(yyyymmdd) !== undefined;
}

/** Days since 1970-01-01 for a valid 'YYYYMMDD', else undefined. */
export function dayNumber(yyyymmdd: string): number | undefined {
  if (!/^\d{8}$/.test(yyyymmdd)) return undefined;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(time / 86_400_000);
}

function digits(year = '', month = '', day = ''): string {
  if (year.length !== 4 || month.length > 2 || day.length > 2) return '';
  return `${year}${month.padStart(2, '0')}${day.padStart(2, '0')}`;
}

function reorder(raw: string, order: DateOrder): string {
  // 8 digits not starting with a plausible year: DDMMYYYY or MMDDYYYY.
  const first = raw.slice(0, 2);
  const second = raw.slice(2, 4);
  const year = raw.slice(4);
  return order === 'MDY' ? `${year}${first}${second}` : `${year}${second}${first}`;
}

function expandYear(twoDigits: string): string {
  const value = Number(twoDigits);
  return String(value > 40 ? 1900 + value : 2000 + value);
}
