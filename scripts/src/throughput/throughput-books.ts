/** One event the benchmark published, as the product knows it. */
export interface PublishedEvent {
  tenantId: string;
  eventId: string;
  entityType: 'customer' | 'sales_order';
  entityId: string;
  version: number;
  /** Date.now() just before the producer's send. */
  publishedAt: number;
}

/** What the sync-status topic said about one event, as the benchmark saw it arrive. */
export interface ObservedOutcome {
  /** The first final status seen (delivered, skipped or dead_lettered). */
  status: string;
  errorCode: string | null;
  /** Date.now() when the benchmark's consumer received it. */
  seenAt: number;
  /** How many `delivered` statuses carried this event id (more than one: a duplicate delivery report). */
  deliveredReports: number;
}

/** One record the ERP simulator holds. */
export interface ErpRecord {
  externalId: string | null;
  fields: Record<string, unknown>;
  writeCount: number;
}

export interface ThroughputBooks {
  published: number;
  delivered: number;
  /** Skipped because a newer version of the record was already delivered (harmless, counted apart). */
  stale: number;
  skippedOther: number;
  deadLettered: number;
  /** Published but with no final status. */
  lost: number;
  /** Events reported delivered more than once, plus ERP records that exist more than once for one external id. */
  duplicated: number;
  /** ERP writes beyond one per delivered event (at-least-once re-sends the upserts made harmless). */
  repeatWrites: number;
  /** Customers whose ERP record holds an older version than the newest published, or records missing. */
  reordered: number;
}

/** Ferry's external id for a product entity id (the NetSuite template's externalId mapping). */
export const externalIdOf = (entityId: string): string => `ferry-${entityId}`;

/**
 * The end-of-run check: every published event has a final status, no event or ERP record is there twice, and
 * each customer's record holds its newest version (an older update delivered last would be a reordering).
 * Customers are named "… v<version>" by the benchmark, so the held version is read from companyName.
 */
export function keepBooks(
  published: readonly PublishedEvent[],
  outcomes: ReadonlyMap<string, ObservedOutcome>,
  erp: ReadonlyMap<string, { customer: readonly ErpRecord[]; salesOrder: readonly ErpRecord[] }>,
  notAppliedCode: string,
): ThroughputBooks {
  const books: ThroughputBooks = {
    published: published.length,
    delivered: 0,
    stale: 0,
    skippedOther: 0,
    deadLettered: 0,
    lost: 0,
    duplicated: 0,
    repeatWrites: 0,
    reordered: 0,
  };
  const deliveredPerTenantType = new Map<string, number>();
  const newestCustomer = new Map<string, number>();
  for (const event of published) {
    if (event.entityType === 'customer') {
      const key = `${event.tenantId}\u0000${event.entityId}`;
      newestCustomer.set(key, Math.max(newestCustomer.get(key) ?? 0, event.version));
    }
    const outcome = outcomes.get(event.eventId);
    if (!outcome) {
      books.lost += 1;
      continue;
    }
    if (outcome.deliveredReports > 1) books.duplicated += 1;
    if (outcome.status === 'delivered') {
      books.delivered += 1;
      const key = `${event.tenantId}\u0000${event.entityType}`;
      deliveredPerTenantType.set(key, (deliveredPerTenantType.get(key) ?? 0) + 1);
    } else if (outcome.status === 'skipped') {
      if (outcome.errorCode === notAppliedCode) books.stale += 1;
      else books.skippedOther += 1;
    } else books.deadLettered += 1;
  }
  for (const [tenantId, records] of erp) {
    for (const [entityType, held] of [
      ['customer', records.customer],
      ['sales_order', records.salesOrder],
    ] as const) {
      const perExternalId = new Map<string, number>();
      for (const record of held) perExternalId.set(record.externalId ?? '', (perExternalId.get(record.externalId ?? '') ?? 0) + 1);
      for (const count of perExternalId.values()) books.duplicated += count - 1;
      const writes = held.reduce((sum, record) => sum + record.writeCount, 0);
      books.repeatWrites += Math.max(0, writes - (deliveredPerTenantType.get(`${tenantId}\u0000${entityType}`) ?? 0));
    }
    const byExternalId = new Map(records.customer.map((record) => [record.externalId, record]));
    for (const [key, version] of newestCustomer) {
      const [ofTenant, entityId] = key.split('\u0000') as [string, string];
      if (ofTenant !== tenantId) continue;
      const record = byExternalId.get(externalIdOf(entityId));
      if (!record || !String(record.fields['companyName']).endsWith(` v${version}`)) books.reordered += 1;
    }
  }
  return books;
}

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
