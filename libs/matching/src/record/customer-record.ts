import { z } from 'zod';

/**
 * The canonical customer or person record every source is mapped to before matching: a product account, an ERP
 * customer, a CRM contact or a line of an onboarding file. Every field but the ids is optional; the matcher
 * compares what both records have and ignores what either lacks.
 */
const optionalText = z.string().optional();

export const CustomerRecordSchema = z.object({
  /** Unique within the tenant and source (the caller's record key). */
  id: z.string().min(1),
  /** The system the record came from: 'product', an ERP or CRM connection id, an onboarding file. */
  source: z.string().min(1).default('default'),
  /** When the source last changed the record (ISO 8601); used by the most-recent survivorship rule. */
  updatedAt: optionalText,
  name: z
    .object({
      full: optionalText,
      given: optionalText,
      middle: optionalText,
      family: optionalText,
      organisation: optionalText,
    })
    .default({}),
  address: z
    .object({
      number: optionalText,
      line1: optionalText,
      line2: optionalText,
      locality: optionalText,
      postcode: optionalText,
      region: optionalText,
      country: optionalText,
    })
    .default({}),
  email: optionalText,
  phone: optionalText,
  birthDate: optionalText,
  taxId: optionalText,
  nationalId: optionalText,
  registrationNumber: optionalText,
  /** Cross-references: this record is known as `id` in `system` (e.g. the ERP id the product stored). */
  externalIds: z.array(z.object({ system: z.string().min(1), id: z.string().min(1) })).default([]),
  /** Anything else the tenant maps; comparable and survivable as `attributes.<name>`. */
  attributes: z.record(z.string(), z.string()).default({}),
});

export type CustomerRecord = z.infer<typeof CustomerRecordSchema>;
export type CustomerRecordInput = z.input<typeof CustomerRecordSchema>;

/** The record's key within a tenant: a source's own id is only unique within that source. */
export function recordKey(record: Pick<CustomerRecord, 'source' | 'id'>): string {
  return `${record.source}:${record.id}`;
}

/** Paths a column mapping or a comparison may name; `attributes.<name>` and `externalIds.<system>` are open. */
export const RECORD_PATHS = [
  'id',
  'source',
  'updatedAt',
  'name.full',
  'name.given',
  'name.middle',
  'name.family',
  'name.organisation',
  'address.number',
  'address.line1',
  'address.line2',
  'address.locality',
  'address.postcode',
  'address.region',
  'address.country',
  'email',
  'phone',
  'birthDate',
  'taxId',
  'nationalId',
  'registrationNumber',
] as const;

export function isRecordPath(path: string): boolean {
  return (RECORD_PATHS as readonly string[]).includes(path) || /^attributes\.[^.]+$/.test(path) || /^externalIds\.[^.]+$/.test(path);
}

type PathReader = (record: CustomerRecord) => unknown;
const READERS = new Map<string, PathReader>();

/** Reads a path from a record; `undefined` when absent or blank. */
export function readPath(record: CustomerRecord, path: string): string | undefined {
  let reader = READERS.get(path);
  if (!reader) READERS.set(path, (reader = compileReader(path)));
  const value = reader(record);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

// Paths are read for every record and comparison, so each is turned into a function once.
function compileReader(path: string): PathReader {
  const [head, tail] = splitPath(path);
  if (head === 'attributes') return (record) => (tail === undefined ? undefined : record.attributes[tail]);
  if (head === 'externalIds') return (record) => record.externalIds.find((ref) => ref.system === tail)?.id;
  if (tail === undefined) return (record) => (record as Record<string, unknown>)[head];
  return (record) => ((record as Record<string, unknown>)[head] as Record<string, unknown> | undefined)?.[tail];
}

/** Sets a path on a record input being assembled (e.g. from a CSV row); blank values are left out. */
export function writePath(record: CustomerRecordInput, path: string, value: string): void {
  if (!isRecordPath(path)) throw new Error(`'${path}' is not a customer record path (see RECORD_PATHS, attributes.*, externalIds.*)`);
  if (value.trim() === '') return;
  const [head, tail] = splitPath(path);
  const target = record as Record<string, unknown>;
  if (head === 'externalIds') {
    record.externalIds = [...(record.externalIds ?? []), { system: tail ?? '', id: value }];
  } else if (tail === undefined) {
    target[head] = value;
  } else {
    target[head] = { ...((target[head] as Record<string, string> | undefined) ?? {}), [tail]: value };
  }
}

function splitPath(path: string): [string, string | undefined] {
  const dot = path.indexOf('.');
  return dot < 0 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
}
