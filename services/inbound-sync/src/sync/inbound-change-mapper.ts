import { createHash } from 'node:crypto';
import { validateAgainst, type CatalogSubject, type CustomerUpserted, type FieldProblem } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import type { ExpressionEvaluator } from '@ferry/mapping';

export interface InboundSource {
  tenantId: string;
  connectionId: string;
  erpKind: string;
  recordType: string;
}

/** Same ERP change → same event id, so a change re-read after a crash is a duplicate ingestion drops. */
export function inboundEventId(source: InboundSource, record: ErpRecord): string {
  return createHash('sha256')
    .update([source.tenantId, source.connectionId, source.recordType, record.erpRecordId, record.lastModified ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Turns one changed ERP record into a canonical CustomerUpserted from that ERP (sourceSystem = its ERP kind),
 * with the template's inbound expression; answers the problems instead when the result is not a valid event.
 */
export async function toCanonicalCustomer(
  source: InboundSource,
  record: ErpRecord,
  expression: string,
  eventType: CatalogSubject['type'],
  sandbox: ExpressionEvaluator,
): Promise<{ event?: CustomerUpserted; problems: FieldProblem[] }> {
  const result = await sandbox.evaluate(
    { expressions: [{ id: 'inbound.customer', text: expression }], valueMapSets: [] },
    { erpRecordId: record.erpRecordId, externalId: record.externalId ?? '', fields: record.fields, lastModified: record.lastModified },
  );
  const outcome = result.kind === 'evaluated' ? result.outcomes[0] : undefined;
  if (!outcome?.ok) {
    const why = result.kind === 'limit' ? `${result.message} (${result.code})` : outcome ? outcome.message : 'no result';
    return { problems: [{ field: 'inbound.customer', problem: `the template's inbound expression failed: ${why}` }] };
  }
  const body = outcome.value as Record<string, unknown> | undefined;
  const changedAt = Date.parse(record.lastModified ?? '') || Date.now();
  const eventId = inboundEventId(source, record);
  const customerId = String(body?.['customerId'] ?? '');
  const event = {
    envelope: {
      eventId,
      tenantId: source.tenantId,
      correlationId: eventId,
      causationId: null,
      occurredAt: changedAt,
      sourceSystem: source.erpKind,
      entityId: customerId,
      entityVersion: changedAt,
    },
    customer: Object.fromEntries(Object.entries(body ?? {}).filter(([, value]) => value !== undefined)),
  };
  const problems = validateAgainst(eventType, event);
  return problems.length > 0 ? { problems } : { event: event as unknown as CustomerUpserted, problems };
}
