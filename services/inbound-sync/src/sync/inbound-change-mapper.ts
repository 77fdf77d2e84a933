import { createHash } from 'node:crypto';
import { validateAgainst, type CatalogSubject, type CustomerUpserted, type FieldProblem } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import { evaluateExpression } from '@ferry/mapping';

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
): Promise<{ event?: CustomerUpserted; problems: FieldProblem[] }> {
  const body = (await evaluateExpression(expression, 'inbound.customer', {
    erpRecordId: record.erpRecordId,
    externalId: record.externalId ?? '',
    fields: record.fields,
    lastModified: record.lastModified,
  })) as Record<string, unknown> | undefined;
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
