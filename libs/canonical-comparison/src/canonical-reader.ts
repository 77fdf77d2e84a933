import type { FieldKind } from './field-normalisation';
import type { TotalsReader } from './period-totals';

/**
 * ERP record id → the external id Ferry gave that record, from Ferry's books (what each delivery reported). The
 * ERP side of a reference (Dataverse `_customerid_value`, SAP `SoldToParty`, NetSuite `entity.id`) names the
 * related record by the ERP's own id; Ferry's side names it by the canonical id. One of them has to be turned into
 * the other before they can be compared.
 */
export interface ReferenceResolver {
  externalIdOf(erpRecordType: string, erpRecordId: string): string | undefined;
}

/** One canonical field as an ERP holds it. */
export interface CanonicalFieldReader {
  /** Path in the canonical entity body (Customer, SalesOrder, …), e.g. `billingAddress.city`. */
  field: string;
  /**
   * The ERP field the template writes it to: the field is compared only when the tenant's mapping writes this
   * ERP field, so a tenant that dropped or renamed it gets no finding about a field it never sends.
   */
  erpField: string;
  kind: FieldKind;
  /** The canonical value the ERP record holds. */
  read(fields: Record<string, unknown>, references: ReferenceResolver): unknown;
  /**
   * What the ERP can hold of Ferry's value, when the write loses something on purpose (SAP keeps 40 characters of a
   * name; NetSuite has only active/inactive). `expression` is the tenant's expression for the ERP field, for
   * template versions that write the field differently. Absent: the canonical field's value itself.
   */
  expected?(body: Record<string, unknown>, expression: string): unknown;
  /** For a reference held as the ERP's own id: which ERP record it names, so the books can be asked before reading. */
  reference?: { erpRecordType: string; erpRecordIdOf(fields: Record<string, unknown>): unknown };
}

/** Reads one ERP record type back into one canonical entity. */
export interface CanonicalReader {
  erpKind: string;
  entityType: string;
  /** The ERP record type (NetSuite `customer`, Dataverse `accounts`, …). */
  recordType: string;
  fields: CanonicalFieldReader[];
  /** Finance record types: how the ERP record adds to the per-period totals (absent: no totals for this type). */
  totals?: TotalsReader;
}

/** A reference's canonical id, or `erp:<type>/<id>` when Ferry's books do not know the ERP record it points to. */
export function canonicalIdOfReference(
  references: ReferenceResolver,
  erpRecordType: string,
  erpRecordId: unknown,
  externalIdPrefix: string,
): string | null {
  if (erpRecordId === null || erpRecordId === undefined || erpRecordId === '') return null;
  const externalId = references.externalIdOf(erpRecordType, String(erpRecordId));
  if (externalId === undefined) return `erp:${erpRecordType}/${String(erpRecordId)}`;
  return stripPrefix(externalId, externalIdPrefix);
}

/** Ferry's external ids are `<prefix><canonical id>`; anything else is not one of Ferry's and stays as it is. */
export function stripPrefix(externalId: unknown, prefix: string): string | null {
  if (typeof externalId !== 'string' || externalId === '') return null;
  return externalId.startsWith(prefix) ? externalId.slice(prefix.length) : `erp:${externalId}`;
}

export function at(fields: Record<string, unknown>, ...path: string[]): unknown {
  let node: unknown = fields;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The ERP records a page's references name, for one look-up in Ferry's books per page. */
export function referencedErpRecords(
  reader: CanonicalReader,
  pages: readonly Record<string, unknown>[],
): { erpRecordType: string; erpRecordId: string }[] {
  const wanted = new Map<string, { erpRecordType: string; erpRecordId: string }>();
  for (const field of reader.fields) {
    if (!field.reference) continue;
    for (const fields of pages) {
      const id = field.reference.erpRecordIdOf(fields);
      if (id === null || id === undefined || id === '') continue;
      wanted.set(`${field.reference.erpRecordType}/${String(id)}`, {
        erpRecordType: field.reference.erpRecordType,
        erpRecordId: String(id),
      });
    }
  }
  return [...wanted.values()];
}
