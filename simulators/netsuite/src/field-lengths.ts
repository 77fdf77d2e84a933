import type { ErrorDetail } from './netsuite-errors';

/**
 * Maximum lengths of the text fields Ferry writes, as NetSuite's Records Browser lists them. NetSuite counts a
 * length in UTF-16 code units (its platform is Java): an emoji takes two.
 */
export const NETSUITE_FIELD_LENGTHS: Record<string, Record<string, number>> = {
  customer: { companyName: 83, email: 254, phone: 32, accountNumber: 99, entityId: 83 },
  salesOrder: { tranId: 45, otherRefNum: 45, memo: 999 },
  invoice: { tranId: 45, otherRefNum: 45, memo: 999 },
  customerPayment: { tranId: 45, memo: 999 },
  itemFulfillment: { memo: 999 },
};

/** Sublist lines' text fields (item.items[].description), checked on every line. */
const LINE_FIELD_LENGTHS: Record<string, number> = { description: 4000 };

/** NetSuite's answer to each text field longer than it holds. */
export function fieldLengthProblems(recordType: string, fields: Record<string, unknown>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const check = (path: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max)
      problems.push({
        detail: `Invalid Field Value. ${path} exceeds the maximum length of ${max} characters (it has ${value.length}).`,
        'o:errorCode': 'INVALID_FLD_VALUE',
        'o:errorPath': path,
      });
  };
  for (const [field, max] of Object.entries(NETSUITE_FIELD_LENGTHS[recordType] ?? {})) check(field, fields[field], max);
  const items = (fields['item'] as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items))
    items.forEach((line: unknown, index) => {
      for (const [field, max] of Object.entries(LINE_FIELD_LENGTHS))
        check(`item.items[${index}].${field}`, (line as Record<string, unknown> | null)?.[field], max);
    });
  return problems;
}
