import type { Envelope } from './generated/contracts.generated';

export const ENTITY_TYPES = ['customer', 'sales_order', 'invoice', 'payment', 'shipment', 'subscription'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Any canonical event: an envelope plus one body field named after the entity (customer, order, …). */
export interface CanonicalEvent {
  envelope: Envelope;
  [body: string]: unknown;
}

/** Key for every entity stream: the tenant first, so partitioning by tenant is a prefix hash. */
export function entityKey(tenantId: string, entityType: string, entityId: string): string {
  return `${tenantId}:${entityType}:${entityId}`;
}

/** The tenant part of a key, or undefined when the key does not follow Ferry's convention. */
export function tenantOfKey(key: string | null | undefined): string | undefined {
  if (!key) return undefined;
  const tenant = key.split(':', 1)[0];
  return tenant ? tenant : undefined;
}
