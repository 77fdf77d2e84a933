import { contentHash, projectOnto, type ErpRecord } from '@ferry/erp-core';
import { fieldPathSegments } from '@ferry/mapping';

/** What Ferry last wrote to one ERP record, as the sync-status topic's delivered status reported it. */
export interface LastDelivery {
  /** sha256 of the canonical JSON of the payload written (contentHash of erp-core). */
  contentHash: string;
}

export type EchoVerdict =
  /** The record holds exactly what Ferry last wrote to it: Ferry's own write read back, not a change made in the ERP. */
  { echo: true } | { echo: false; reason: 'no_external_id' | 'never_delivered' | 'no_mapping' | 'content_differs' };

/** The nested shape of a mapping's output fields: "subsidiary.id" → { subsidiary: { id: true } }. */
export function writtenShape(fieldPaths: readonly string[]): Record<string, unknown> {
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
 * Whether a changed ERP record is Ferry's own write read back: it carries Ferry's external id, Ferry delivered
 * to it, and its content, projected onto the fields the tenant's mapping writes (what the ERP added is ignored),
 * hashes to what Ferry delivered last. Anything else is a change made in the ERP, and is published; so when in
 * doubt (no delivery known, no mapping to project onto) the answer is "not an echo".
 */
export function echoVerdict(
  record: ErpRecord,
  lastDelivery: LastDelivery | undefined,
  fieldPaths: readonly string[] | undefined,
): EchoVerdict {
  if (!record.externalId) return { echo: false, reason: 'no_external_id' };
  if (!lastDelivery) return { echo: false, reason: 'never_delivered' };
  if (!fieldPaths || fieldPaths.length === 0) return { echo: false, reason: 'no_mapping' };
  const held = contentHash(projectOnto(writtenShape(fieldPaths), record.fields) ?? {});
  return held === lastDelivery.contentHash ? { echo: true } : { echo: false, reason: 'content_differs' };
}
