import { randomUUID } from 'node:crypto';
import type { CustomerUpserted } from '@ferry/contracts';

/** A canonical CustomerUpserted as the product would publish it. */
export function sampleCustomerUpserted(
  tenantId: string,
  overrides: { customerId?: string; name?: string; version?: number; email?: string | null; eventId?: string } = {},
): CustomerUpserted {
  const customerId = overrides.customerId ?? `cust-${randomUUID().slice(0, 8)}`;
  return {
    envelope: {
      eventId: overrides.eventId ?? randomUUID(),
      tenantId,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: Date.now(),
      sourceSystem: 'product',
      entityId: customerId,
      entityVersion: overrides.version ?? 1,
    },
    customer: {
      customerId,
      accountNumber: `A-${customerId}`,
      name: overrides.name ?? `Customer ${customerId}`,
      legalName: null,
      email: overrides.email === undefined ? `billing+${customerId}@example.com` : overrides.email,
      phone: '+1 555 0100',
      taxId: null,
      currency: 'USD',
      status: 'active',
      isTestAccount: false,
      paymentTerms: 'NET30',
      hierarchy: { parentCustomerId: null, ultimateParentCustomerId: null, depth: 0 },
      billingAddress: { line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', countryCode: 'US' },
      shippingAddress: null,
      contacts: [
        {
          contactId: `${customerId}-k1`,
          firstName: 'Pat',
          lastName: 'Lee',
          email: `pat+${customerId}@example.com`,
          phone: null,
          role: 'billing',
          isPrimary: true,
        },
      ],
      attributes: {},
    },
  };
}
