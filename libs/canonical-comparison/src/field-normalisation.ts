/**
 * How a canonical field's value is compared once read back from an ERP: the ERPs store the same value in their
 * own spelling (NetSuite's "T"/"F", SAP's `/Date(…)/`, Dataverse's decimals as numbers, trailing spaces kept or
 * trimmed), so both sides are brought to one spelling before they are compared.
 */
export type FieldKind = 'text' | 'case_insensitive_text' | 'number' | 'date' | 'boolean';

/** Absent, null and empty text are one value: ERPs store "no e-mail" as null, "" or leave the column out. */
export type NormalisedValue = string | null;

const SAP_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  const spaced = String(value).normalize('NFC').trim().replace(/\s+/g, ' ');
  return spaced === '' ? null : spaced;
}

/** A decimal without exponent, trailing zeros or a plus sign: 10, "10.00" and "1e1" are all "10". */
function decimal(value: unknown): string | null {
  const spelled = text(value);
  if (spelled === null) return null;
  const number = Number(spelled.replace(/,/g, ''));
  if (!Number.isFinite(number)) return spelled;
  return String(Number(number.toPrecision(15)));
}

/** A calendar date (YYYY-MM-DD, UTC): Ferry's dates are days, the ERPs add midnight or a time zone. */
function calendarDate(value: unknown): string | null {
  if (typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  const spelled = text(value);
  if (spelled === null) return null;
  const sap = SAP_DATE.exec(spelled);
  if (sap) return new Date(Number(sap[1])).toISOString().slice(0, 10);
  const iso = ISO_DATE.exec(spelled);
  if (iso) return iso[1]!;
  const parsed = Date.parse(spelled);
  return Number.isNaN(parsed) ? spelled : new Date(parsed).toISOString().slice(0, 10);
}

function flag(value: unknown): string | null {
  const spelled = text(value)?.toLowerCase() ?? null;
  if (spelled === null) return null;
  if (['true', 't', '1', 'yes', 'y'].includes(spelled)) return 'true';
  if (['false', 'f', '0', 'no', 'n'].includes(spelled)) return 'false';
  return spelled;
}

export function normaliseField(kind: FieldKind, value: unknown): NormalisedValue {
  switch (kind) {
    case 'text':
      return text(value);
    case 'case_insensitive_text':
      return text(value)?.toLowerCase() ?? null;
    case 'number':
      return decimal(value);
    case 'date':
      return calendarDate(value);
    case 'boolean':
      return flag(value);
  }
}
