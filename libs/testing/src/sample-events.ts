import { randomUUID } from 'node:crypto';
import type {
  CanonicalEvent,
  CustomerUpserted,
  InvoiceUpserted,
  PaymentRecorded,
  SalesOrderUpserted,
  ShipmentUpserted,
} from '@ferry/contracts';

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

function envelopeFor(tenantId: string, entityId: string, version = 1) {
  return {
    eventId: randomUUID(),
    tenantId,
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: Date.now(),
    sourceSystem: 'product',
    entityId,
    entityVersion: version,
  };
}

const money = (amount: string, currency = 'USD') => ({ amount, currency });

/** A canonical SalesOrderUpserted with two lines. */
export function sampleSalesOrderUpserted(
  tenantId: string,
  overrides: { orderId?: string; customerId?: string; total?: string; version?: number } = {},
): SalesOrderUpserted {
  const orderId = overrides.orderId ?? `so-${randomUUID().slice(0, 8)}`;
  const total = overrides.total ?? '1250.00';
  return {
    envelope: envelopeFor(tenantId, orderId, overrides.version),
    order: {
      orderId,
      orderNumber: `SO-${orderId.toUpperCase()}`,
      customerId: overrides.customerId ?? 'cust-1',
      orderDate: '2026-11-20',
      status: 'confirmed',
      currency: 'USD',
      lines: [
        {
          lineId: `${orderId}-1`,
          sku: 'WIDGET-1',
          description: 'Widget',
          quantity: '10',
          unitPrice: money('100.00'),
          taxCode: null,
          discountPercent: null,
        },
        {
          lineId: `${orderId}-2`,
          sku: 'SERVICE-1',
          description: 'Installation',
          quantity: '1',
          unitPrice: money('150.00'),
          taxCode: null,
          discountPercent: null,
        },
      ],
      subtotal: money(total),
      taxTotal: money('0.00'),
      total: money(total),
      shippingAddress: null,
      purchaseOrderNumber: `PO-${orderId}`,
      attributes: {},
    },
  };
}

export function sampleInvoiceUpserted(tenantId: string, customerId = 'cust-1'): InvoiceUpserted {
  const invoiceId = `inv-${randomUUID().slice(0, 8)}`;
  return {
    envelope: envelopeFor(tenantId, invoiceId),
    invoice: {
      invoiceId,
      invoiceNumber: `INV-${invoiceId}`,
      customerId,
      orderId: null,
      issueDate: '2026-11-20',
      dueDate: '2026-12-20',
      status: 'open',
      currency: 'USD',
      paymentTerms: 'NET30',
      lines: [
        {
          lineId: `${invoiceId}-1`,
          sku: 'WIDGET-1',
          description: null,
          quantity: '2',
          unitPrice: money('50.00'),
          taxCode: null,
          discountPercent: null,
        },
      ],
      subtotal: money('100.00'),
      taxTotal: money('0.00'),
      total: money('100.00'),
      attributes: {},
    },
  };
}

export function samplePaymentRecorded(tenantId: string, customerId = 'cust-1'): PaymentRecorded {
  const paymentId = `pay-${randomUUID().slice(0, 8)}`;
  return {
    envelope: envelopeFor(tenantId, paymentId),
    payment: {
      paymentId,
      customerId,
      invoiceIds: [],
      amount: money('100.00'),
      method: 'card',
      receivedAt: Date.now(),
      reference: `REF-${paymentId}`,
      status: 'received',
      attributes: {},
    },
  };
}

export function sampleShipmentUpserted(tenantId: string, orderId = 'so-1'): ShipmentUpserted {
  const shipmentId = `ship-${randomUUID().slice(0, 8)}`;
  return {
    envelope: envelopeFor(tenantId, shipmentId),
    shipment: {
      shipmentId,
      orderId,
      status: 'shipped',
      carrier: 'UPS',
      trackingNumber: '1Z999',
      shippedAt: Date.now(),
      shipTo: null,
      lines: [{ orderLineId: `${orderId}-1`, sku: 'WIDGET-1', quantity: '10' }],
      attributes: {},
    },
  };
}

/** One sample per entity type, keyed as in the catalog. */
export function sampleEventFor(entityType: string, tenantId: string): CanonicalEvent | undefined {
  switch (entityType) {
    case 'customer':
      return sampleCustomerUpserted(tenantId) as unknown as CanonicalEvent;
    case 'sales_order':
      return sampleSalesOrderUpserted(tenantId) as unknown as CanonicalEvent;
    case 'invoice':
      return sampleInvoiceUpserted(tenantId) as unknown as CanonicalEvent;
    case 'payment':
      return samplePaymentRecorded(tenantId) as unknown as CanonicalEvent;
    case 'shipment':
      return sampleShipmentUpserted(tenantId) as unknown as CanonicalEvent;
    default:
      return undefined;
  }
}
