import type { CustomerUpserted, PostalAddress } from '@ferry/contracts';
import type { CustomerRecordInput } from '@ferry/matching';

/** The system a canonical event's customer comes from when the product published it. */
export const PRODUCT_SOURCE = 'product';

/** One customer from one source, as the matcher takes it, with the source's version of it. */
export interface SourceCustomer {
  tenantId: string;
  record: CustomerRecordInput & { id: string; source: string };
  /** The source's monotonic version (envelope.entityVersion): an older version never replaces a newer one. */
  entityVersion: number;
}

/**
 * A canonical CustomerUpserted as the matching library's customer record. The source is the event's source
 * system (`product`, or the ERP kind inbound-sync read it from) and the record id its customerId. An ERP record
 * whose customerId is not the ERP's own (`<erpKind>-<erpRecordId>`) is one Ferry delivered from the product's
 * customer of that id, so it carries that id as a cross-reference and is linked to it without scoring.
 */
export function sourceCustomerOf(event: CustomerUpserted): SourceCustomer {
  const { envelope, customer } = event;
  const source = envelope.sourceSystem;
  const id = envelope.entityId;
  const address = customer.billingAddress ?? customer.shippingAddress ?? null;
  const attributes: Record<string, string> = { ...(customer.attributes ?? {}) };
  const setAttribute = (name: string, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value.trim() !== '') attributes[name] = value;
  };
  setAttribute('currency', customer.currency);
  setAttribute('status', customer.status);
  setAttribute('accountNumber', customer.accountNumber);
  setAttribute('legalName', customer.legalName);
  setAttribute('paymentTerms', customer.paymentTerms);
  const record: SourceCustomer['record'] = {
    id,
    source,
    updatedAt: new Date(Number(envelope.occurredAt)).toISOString(),
    name: { organisation: customer.name },
    address: address ? addressOf(address) : {},
    externalIds: deliveredFromProduct(source, id) ? [{ system: PRODUCT_SOURCE, id }] : [],
    attributes,
    ...optional('email', customer.email),
    ...optional('phone', customer.phone),
    ...optional('taxId', customer.taxId),
  };
  return { tenantId: envelope.tenantId, record, entityVersion: Number(envelope.entityVersion) };
}

/** Whether an ERP-sourced customer id is the product's (Ferry wrote the record) rather than the ERP's own. */
export function deliveredFromProduct(source: string, customerId: string): boolean {
  return source !== PRODUCT_SOURCE && !customerId.startsWith(`${source}-`);
}

/** A postal address as record fields; a house number leading or ending the first line is kept apart. */
export function addressOf(address: PostalAddress): NonNullable<CustomerRecordInput['address']> {
  const { number, street } = splitHouseNumber(address.line1);
  return {
    ...(number ? { number } : {}),
    ...(street ? { line1: street } : {}),
    ...optional('line2', address.line2),
    ...optional('locality', address.city),
    ...optional('postcode', address.postalCode),
    ...optional('region', address.region),
    ...optional('country', address.countryCode),
  };
}

/** "12 Harbour Road" and "Hafenstraße 12a" → the number and the street. */
export function splitHouseNumber(line: string): { number?: string; street: string } {
  const trimmed = line.trim();
  const leading = /^(\d+[a-zA-Z]?)[,\s]+(.+)$/.exec(trimmed);
  if (leading?.[1] && leading[2]) return { number: leading[1], street: leading[2] };
  const trailing = /^(.+?)[,\s]+(\d+[a-zA-Z]?)$/.exec(trimmed);
  if (trailing?.[1] && trailing[2]) return { number: trailing[2], street: trailing[1] };
  return { street: trimmed };
}

function optional<K extends string>(name: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value !== null && value !== undefined && value.trim() !== '' ? ({ [name]: value } as Record<K, string>) : {};
}
