/**
 * The field groups a tenant assigns a system of record to, as canonical field paths (the event's body field
 * first: `customer.billingAddress`). This is the one place they are defined: the control plane validates
 * against it, transformation leaves a group out of an ERP write, inbound-sync splits an ERP change by it.
 *
 * A path covers everything below it (`customer.billingAddress` covers `customer.billingAddress.city`). No path
 * is in two groups (a spec checks it), so a field has at most one owner. Fields in no group (`customerId`,
 * `status`, `hierarchy`, `attributes`, …) have no system of record: they flow both ways as before.
 */
export const FIELD_GROUPS = {
  customer: {
    identity: ['customer.name', 'customer.legalName', 'customer.accountNumber'],
    billingAddress: ['customer.billingAddress'],
    shippingAddress: ['customer.shippingAddress'],
    creditTerms: ['customer.paymentTerms', 'customer.currency'],
    taxId: ['customer.taxId'],
    contacts: ['customer.contacts', 'customer.email', 'customer.phone'],
  },
  // Orders and invoices are only written to ERPs (inbound-sync reads customers): their groups act on the outbound path.
  sales_order: {
    shippingAddress: ['order.shippingAddress'],
  },
  invoice: {
    creditTerms: ['invoice.paymentTerms', 'invoice.dueDate'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type MasterDataDomain = keyof typeof FIELD_GROUPS;

/** The field of the canonical event holding a domain's record (its paths start with it). */
export const BODY_FIELDS: Record<MasterDataDomain, string> = { customer: 'customer', sales_order: 'order', invoice: 'invoice' };
export const MASTER_DATA_DOMAINS = Object.keys(FIELD_GROUPS) as MasterDataDomain[];

/** The owner that means "the SaaS product": every other owner is one of the tenant's connection ids. */
export const PRODUCT_SYSTEM = 'product';

export function isMasterDataDomain(domain: string): domain is MasterDataDomain {
  return Object.prototype.hasOwnProperty.call(FIELD_GROUPS, domain);
}

/** The groups of a domain with their paths. */
export function fieldGroupsOf(domain: MasterDataDomain): Record<string, readonly string[]> {
  return FIELD_GROUPS[domain];
}

/** Whether `path` is `covering` or lies below it (dot-separated segments, never a prefix of a segment). */
export function pathCovers(covering: string, path: string): boolean {
  return path === covering || path.startsWith(`${covering}.`);
}

/** The group a canonical path belongs to, if any: the path is in the group or below one of its paths. */
export function groupOfPath(domain: MasterDataDomain, path: string): string | undefined {
  for (const [group, paths] of Object.entries(fieldGroupsOf(domain))) {
    if (paths.some((covering) => pathCovers(covering, path))) return group;
  }
  return undefined;
}
