import { getFieldPath } from '@ferry/mapping';
import type { CanonicalReader, ReferenceResolver } from './canonical-reader';
import { normaliseField, type NormalisedValue } from './field-normalisation';

/** A canonical field whose value in the ERP is not the one Ferry delivered (both normalised). */
export interface FieldDifference {
  field: string;
  ferryValue: NormalisedValue;
  erpValue: NormalisedValue;
}

/**
 * Field-by-field comparison of the canonical body Ferry delivered with the ERP record read back into canonical
 * space. Only fields the reader knows and the tenant's mapping writes (`writtenErpFields`) are compared: what Ferry
 * never sends cannot have drifted from what it sent.
 */
export function compareCanonical(
  ferryBody: Record<string, unknown>,
  erpFields: Record<string, unknown>,
  reader: CanonicalReader,
  writtenErpFields: ReadonlyMap<string, string>,
  references: ReferenceResolver,
): FieldDifference[] {
  const differences: FieldDifference[] = [];
  for (const field of reader.fields) {
    const expression = writtenErpFields.get(field.erpField);
    if (expression === undefined) continue;
    const ferryValue = normaliseField(
      field.kind,
      field.expected ? field.expected(ferryBody, expression) : getFieldPath(ferryBody, field.field),
    );
    const erpValue = normaliseField(field.kind, field.read(erpFields, references));
    if (ferryValue !== erpValue) differences.push({ field: field.field, ferryValue, erpValue });
  }
  return differences;
}

/** The ERP fields a tenant's mapping writes, each with its expression (a default's value for defaults). */
export function writtenErpFieldsOf(mapping: {
  fieldExpressions: Record<string, string>;
  defaults?: Record<string, string> | null;
}): Map<string, string> {
  return new Map([...Object.entries(mapping.defaults ?? {}), ...Object.entries(mapping.fieldExpressions)]);
}
