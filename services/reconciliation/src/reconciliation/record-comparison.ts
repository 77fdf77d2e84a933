import { contentHash, projectOnto, type ErpRecord } from '@ferry/erp-core';
import { fieldPathSegments } from '@ferry/mapping';

export interface DeliveredRecord {
  externalId: string;
  erpRecordId: string | null;
  contentHash: string;
}

export interface Difference {
  externalId: string;
  erpRecordId: string | null;
  kind: 'missing_in_erp' | 'content_mismatch';
  expectedHash: string;
  actualHash: string | null;
}

export interface Comparison {
  ferryCount: number;
  erpCount: number;
  /** ERP records that carry an external id Ferry never delivered (created or re-keyed in the ERP). */
  erpOnlyCount: number;
  matched: number;
  differences: Difference[];
}

/** The nested shape of a mapping's output fields: "subsidiary.id" → { subsidiary: { id: true } }. */
export function shapeOf(fieldPaths: string[]): Record<string, unknown> {
  const shape: Record<string, unknown> = {};
  for (const path of fieldPaths) {
    const parts = fieldPathSegments(path);
    let node = shape;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = true;
      else node = (node[part] = (node[part] as Record<string, unknown>) ?? {}) as Record<string, unknown>;
    });
  }
  return shape;
}

/**
 * Compares Ferry's books with what the ERP holds, record by record (by external id): missing records, and
 * records whose content, projected onto the fields Ferry writes, no longer hashes to what Ferry delivered.
 */
export function compareRecords(delivered: DeliveredRecord[], erpRecords: ErpRecord[], shape: Record<string, unknown>): Comparison {
  const byExternalId = new Map(erpRecords.filter((r) => r.externalId).map((record) => [record.externalId as string, record]));
  const differences: Difference[] = [];
  let matched = 0;
  for (const expected of delivered) {
    const actual = byExternalId.get(expected.externalId);
    if (!actual) {
      differences.push({
        externalId: expected.externalId,
        erpRecordId: expected.erpRecordId,
        kind: 'missing_in_erp',
        expectedHash: expected.contentHash,
        actualHash: null,
      });
      continue;
    }
    const actualHash = contentHash(projectOnto(shape, actual.fields));
    if (actualHash === expected.contentHash) matched += 1;
    else
      differences.push({
        externalId: expected.externalId,
        erpRecordId: actual.erpRecordId,
        kind: 'content_mismatch',
        expectedHash: expected.contentHash,
        actualHash,
      });
  }
  const known = new Set(delivered.map((record) => record.externalId));
  const erpOnlyCount = [...byExternalId.keys()].filter((externalId) => !known.has(externalId)).length;
  return { ferryCount: delivered.length, erpCount: erpRecords.length, erpOnlyCount, matched, differences };
}
