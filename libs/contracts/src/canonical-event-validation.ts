import { validateAgainst, withDefaults, type FieldProblem } from './avro-validation';
import type { CanonicalEvent } from './canonical-events';
import type { CatalogSubject, SchemaCatalog } from './schema-catalog';

/** The id field of each canonical body: customer → customerId, order → orderId, … */
export function bodyIdField(entry: CatalogSubject): string {
  return `${entry.bodyField}Id`;
}

/** Finds the canonical-event subject an HTTP item names, by full name or short name (CustomerUpserted). */
export function canonicalSubjectNamed(catalog: SchemaCatalog, type: unknown): CatalogSubject | undefined {
  if (typeof type !== 'string') return undefined;
  return catalog.canonicalEvents().find((entry) => entry.subject === type || entry.subject.endsWith(`.${type}`));
}

/**
 * Rules Avro cannot express: the event belongs to the tenant it is sent for, and the envelope's entityId is the
 * body's own id, so keys, partitions and ERP external ids all agree on what the event is about.
 */
export function semanticProblems(event: CanonicalEvent, entry: CatalogSubject, expectedTenant: string | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { envelope } = event;
  if (expectedTenant !== undefined && envelope.tenantId !== expectedTenant) {
    problems.push({
      field: 'envelope.tenantId',
      problem: `must be "${expectedTenant}", the tenant it was sent for; got "${envelope.tenantId}"`,
    });
  }
  if (!/^[\w.:-]{1,128}$/.test(envelope.eventId))
    problems.push({ field: 'envelope.eventId', problem: 'must be 1-128 letters, digits, "-", "_", "." or ":"' });
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(envelope.tenantId))
    problems.push({ field: 'envelope.tenantId', problem: 'must be a Ferry tenant id (lower-case letters, digits, "-")' });
  const body = event[entry.bodyField ?? ''] as Record<string, unknown> | undefined;
  const idField = bodyIdField(entry);
  if (body && body[idField] !== envelope.entityId) {
    problems.push({
      field: 'envelope.entityId',
      problem: `must equal ${entry.bodyField}.${idField} ("${String(body[idField])}"); got "${envelope.entityId}"`,
    });
  }
  if (envelope.entityVersion < 0) problems.push({ field: 'envelope.entityVersion', problem: 'must not be negative' });
  return problems;
}

/** HTTP producers may write occurredAt as an ISO 8601 string; Avro wants epoch milliseconds. */
function normaliseTimestamps(event: unknown): unknown {
  const envelope = (event as { envelope?: Record<string, unknown> } | null)?.envelope;
  if (envelope && typeof envelope['occurredAt'] === 'string') {
    const parsed = Date.parse(envelope['occurredAt']);
    if (!Number.isNaN(parsed)) return { ...(event as object), envelope: { ...envelope, occurredAt: parsed } };
  }
  return event;
}

export interface ItemProblem {
  index: number;
  eventId?: string;
  problems: FieldProblem[];
}

export interface ValidatedEvent {
  entry: CatalogSubject;
  event: CanonicalEvent;
}

/** Validates an HTTP batch item by item; every bad field of every bad item is reported. */
export function validateBatchItems(
  catalog: SchemaCatalog,
  tenantId: string,
  items: unknown[],
): { valid: ValidatedEvent[]; invalid: ItemProblem[] } {
  const valid: ValidatedEvent[] = [];
  const invalid: ItemProblem[] = [];
  items.forEach((item, index) => {
    const { type, event } = (item ?? {}) as { type?: unknown; event?: unknown };
    const entry = canonicalSubjectNamed(catalog, type);
    if (!entry) {
      const known = catalog
        .canonicalEvents()
        .map((e) => e.subject.split('.').pop())
        .join(', ');
      invalid.push({
        index,
        problems: [{ field: 'type', problem: `must name a canonical event (${known}); got ${JSON.stringify(type)}` }],
      });
      return;
    }
    const candidate = normaliseTimestamps(event);
    const eventId = (candidate as { envelope?: { eventId?: unknown } } | null)?.envelope?.eventId;
    const shapeProblems = validateAgainst(entry.type, candidate).map((p) => ({ ...p, field: `event.${p.field}` }));
    const problems =
      shapeProblems.length > 0
        ? shapeProblems
        : semanticProblems(withDefaults(entry.type, candidate) as CanonicalEvent, entry, tenantId).map((p) => ({
            ...p,
            field: `event.${p.field}`,
          }));
    if (problems.length > 0) invalid.push({ index, ...(typeof eventId === 'string' ? { eventId } : {}), problems });
    else valid.push({ entry, event: withDefaults(entry.type, candidate) as CanonicalEvent });
  });
  return { valid, invalid };
}
