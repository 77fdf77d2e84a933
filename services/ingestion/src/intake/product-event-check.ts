import { semanticProblems, tenantOfKey, type CanonicalEvent, type SchemaCatalog } from '@ferry/contracts';

export interface ProductEventRefusal {
  code: 'NOT_A_CANONICAL_EVENT' | 'INVALID_EVENT' | 'MISSING_KEY';
  message: string;
}

/**
 * Why a record from the product topic cannot become a canonical event, or undefined when it can. The record
 * must be one of the canonical events and keyed by its own tenant: the key's tenant prefix is what keeps a
 * tenant's events on one partition and in order, and what ties a record to the tenant the product sent it
 * for. A record without a key (or whose key names no tenant) is refused like one keyed by another tenant,
 * so nobody can slip an event for any tenant past the key check by leaving the key out.
 */
export function productEventRefusal(
  message: { key: string | null; value: CanonicalEvent; recordName: string },
  catalog: SchemaCatalog,
): ProductEventRefusal | undefined {
  const entry = catalog.canonicalEvents().find((candidate) => candidate.subject === message.recordName);
  if (!entry) return { code: 'NOT_A_CANONICAL_EVENT', message: `record ${message.recordName} is not a canonical event` };
  if (!message.key)
    return {
      code: 'MISSING_KEY',
      message: 'the record has no Kafka key; product events must be keyed tenantId:entityType:entityId (the tenant first)',
    };
  if (!tenantOfKey(message.key))
    return {
      code: 'MISSING_KEY',
      message: `the record's Kafka key "${message.key.slice(0, 200)}" names no tenant; key product events tenantId:entityType:entityId`,
    };
  const problems = semanticProblems(message.value, entry, tenantOfKey(message.key));
  if (problems.length > 0) return { code: 'INVALID_EVENT', message: problems.map((p) => `${p.field} ${p.problem}`).join('; ') };
  return undefined;
}
