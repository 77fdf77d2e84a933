import type { CustomerUpserted } from '@ferry/contracts';
import { MatchingEngine } from '@ferry/matching';
import { deliveredFromProduct, sourceCustomerOf, splitHouseNumber } from './customer-record-mapping';

function customerEvent(
  sourceSystem: string,
  customerId: string,
  customer: Partial<CustomerUpserted['customer']> = {},
  envelope: Partial<CustomerUpserted['envelope']> = {},
): CustomerUpserted {
  return {
    envelope: {
      eventId: `e-${customerId}`,
      tenantId: 'acme',
      correlationId: 'c-1',
      causationId: null,
      occurredAt: Date.parse('2026-11-30T10:00:00Z'),
      sourceSystem,
      entityId: customerId,
      entityVersion: 3,
      ...envelope,
    },
    customer: {
      customerId,
      accountNumber: null,
      name: 'Acme Industrial Supplies Ltd',
      legalName: null,
      email: null,
      phone: null,
      taxId: null,
      currency: 'GBP',
      status: 'active',
      isTestAccount: false,
      paymentTerms: null,
      hierarchy: { parentCustomerId: null, ultimateParentCustomerId: null, depth: 0 },
      billingAddress: null,
      shippingAddress: null,
      contacts: [],
      attributes: {},
      ...customer,
    },
  };
}

describe('a canonical customer as a matching record', () => {
  it('keeps the source system, the customer id, the version and the time of the change', () => {
    const mapped = sourceCustomerOf(customerEvent('product', 'c-1'));
    expect(mapped).toMatchObject({
      tenantId: 'acme',
      entityVersion: 3,
      record: {
        id: 'c-1',
        source: 'product',
        updatedAt: '2026-11-30T10:00:00.000Z',
        name: { organisation: 'Acme Industrial Supplies Ltd' },
      },
    });
  });

  it('maps identity, contact and address fields and leaves out what the customer lacks', () => {
    const { record } = sourceCustomerOf(
      customerEvent('product', 'c-1', {
        email: 'ap@acme.example',
        phone: '+44 113 496 0000',
        taxId: 'GB123456789',
        legalName: 'Acme Industrial Supplies Limited',
        accountNumber: 'A-1',
        billingAddress: { line1: '12 Harbour Road', line2: null, city: 'Leeds', region: null, postalCode: 'LS1 4AB', countryCode: 'GB' },
        attributes: { segment: 'wholesale' },
      }),
    );
    expect(record).toEqual({
      id: 'c-1',
      source: 'product',
      updatedAt: '2026-11-30T10:00:00.000Z',
      name: { organisation: 'Acme Industrial Supplies Ltd' },
      email: 'ap@acme.example',
      phone: '+44 113 496 0000',
      taxId: 'GB123456789',
      address: { number: '12', line1: 'Harbour Road', locality: 'Leeds', postcode: 'LS1 4AB', country: 'GB' },
      externalIds: [],
      attributes: {
        segment: 'wholesale',
        currency: 'GBP',
        status: 'active',
        accountNumber: 'A-1',
        legalName: 'Acme Industrial Supplies Limited',
      },
    });
  });

  it('reads the shipping address when there is no billing address', () => {
    const { record } = sourceCustomerOf(
      customerEvent('product', 'c-1', {
        shippingAddress: { line1: 'Dock 4', line2: null, city: 'Hull', region: null, postalCode: null, countryCode: 'GB' },
      }),
    );
    expect(record.address).toEqual({ number: '4', line1: 'Dock', locality: 'Hull', country: 'GB' });
  });

  it.each([
    ['product', 'c-1', false, 'the product own customers'],
    ['netsuite', 'netsuite-881', false, 'a customer created in NetSuite'],
    ['netsuite', 'c-1', true, "a NetSuite customer Ferry delivered from the product's c-1"],
    ['dynamics365', 'netsuite-881', true, 'another ERP prefix is not this ERP own id'],
  ])('%s %s: delivered from the product = %s (%s)', (source, customerId, expected) => {
    expect(deliveredFromProduct(source, customerId)).toBe(expected);
    expect(sourceCustomerOf(customerEvent(source, customerId)).record.externalIds).toEqual(
      expected ? [{ system: 'product', id: customerId }] : [],
    );
  });

  it.each([
    ['12 Harbour Road', { number: '12', street: 'Harbour Road' }],
    ['12a, Harbour Road', { number: '12a', street: 'Harbour Road' }],
    ['Hafenstraße 12', { number: '12', street: 'Hafenstraße' }],
    ['Harbour Road', { street: 'Harbour Road' }],
    ['  PO Box  ', { street: 'PO Box' }],
  ])('splits the house number off %j', (line, expected) => {
    expect(splitHouseNumber(line)).toEqual(expected);
  });

  it('links the ERP copy of a product customer to it without scoring, and keeps a different customer apart', () => {
    const matcher = new MatchingEngine(() => ({})).tenant('acme');
    const product = matcher.upsert(sourceCustomerOf(customerEvent('product', 'c-1', { email: 'ap@acme.example' })).record);
    const erpCopy = matcher.upsert(sourceCustomerOf(customerEvent('netsuite', 'c-1', { name: 'ACME Industrial' })).record);
    const other = matcher.upsert(sourceCustomerOf(customerEvent('product', 'c-2', { name: 'Borealis Timber AB' })).record);
    expect(erpCopy.goldenId).toBe(product.goldenId);
    expect(erpCopy.links).toEqual([expect.objectContaining({ recordKey: 'product:c-1', rule: 'crossReference' })]);
    expect(other.goldenId).not.toBe(product.goldenId);
  });
});
