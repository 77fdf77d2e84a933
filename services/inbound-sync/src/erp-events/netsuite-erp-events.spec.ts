import type { ErpChange } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import { NETSUITE_ERP_EVENT_FEEDS, invoiceStatus, type InvoiceFacts, type ProductIdOf } from './netsuite-erp-events';

const feed = (recordType: string) => NETSUITE_ERP_EVENT_FEEDS.find((candidate) => candidate.recordType === recordType)!;
const change = { erpRecordId: '7' } as ErpChange;
const books: Record<string, string> = { 'salesOrder/301': 'order-42', 'invoice/302': 'inv-42', 'customer/300': 'cust-42' };
const productIdOf: ProductIdOf = ({ recordType, erpRecordId }) => books[`${recordType}/${erpRecordId}`];
const record = (fields: Record<string, unknown>, lastModified = '2026-03-01T10:00:00.000Z'): ErpRecord => ({
  erpRecordId: '7',
  externalId: null,
  fields,
  lastModified,
});

describe('NetSuite records as ERP → product events', () => {
  const open: InvoiceFacts = {
    statusId: 'A',
    total: 100,
    amountPaid: 0,
    amountRemaining: 100,
    dueDate: '2026-03-31',
    unchangedSinceCreated: false,
    today: '2026-03-01',
  };
  it.each<[string, Partial<InvoiceFacts>, string]>([
    ['new and untouched', { unchangedSinceCreated: true }, 'issued'],
    ['edited, nothing paid', {}, 'changed'],
    ['part paid', { amountPaid: 40, amountRemaining: 60 }, 'partially_paid'],
    ['Paid In Full', { statusId: 'B', amountPaid: 100, amountRemaining: 0 }, 'paid'],
    ['nothing remains though the status lags', { amountPaid: 100, amountRemaining: 0 }, 'paid'],
    ['past due with a balance', { dueDate: '2026-02-28' }, 'overdue'],
    ['past due, part paid: overdue (the amounts tell the part)', { dueDate: '2026-02-28', amountPaid: 40, amountRemaining: 60 }, 'overdue'],
    ['due today is not overdue', { dueDate: '2026-03-01' }, 'changed'],
    ['past due but paid', { dueDate: '2026-02-28', statusId: 'B', amountPaid: 100, amountRemaining: 0 }, 'paid'],
    ['voided wins over everything', { statusId: 'V', amountRemaining: 0, dueDate: '2026-01-01' }, 'voided'],
  ])('invoice %s → %s', (_case, facts, status) => {
    expect(invoiceStatus({ ...open, ...facts })).toBe(status);
  });

  it.each([
    ['B', 'acknowledged', null],
    ['A', 'pending_approval', null],
    ['C', 'rejected', 'Credit hold'],
    ['F', 'fulfilled', null],
    ['H', 'closed', 'Credit hold'],
  ])('sales order status %s → %s with its number', (id, status, reason) => {
    const outcome = feed('salesOrder').toEvent(
      record({ tranId: 'SO1001', status: { id, refName: 'label' }, memo: 'Credit hold' }),
      change,
      productIdOf,
      '2026-03-01',
    );
    expect(outcome).toMatchObject({
      kind: 'event',
      subject: 'io.ferry.erp.v1.SalesOrderStatusChanged',
      value: { status, erpOrderNumber: 'SO1001', reason },
    });
  });

  it('says why a sales order with a status NetSuite does not have becomes nothing', () => {
    expect(feed('salesOrder').toEvent(record({ status: { id: 'Z' } }), change, productIdOf, '2026-03-01')).toEqual({
      kind: 'none',
      reason: 'sales order status Z is not one NetSuite has',
    });
  });

  it('carries an invoice’s amounts, balance due and due date', () => {
    const outcome = feed('invoice').toEvent(
      record({
        tranId: 'INV9',
        status: { id: 'B', refName: 'Paid In Full' },
        total: 125.5,
        amountPaid: 125.5,
        amountRemaining: 0,
        dueDate: '2026-03-31',
        currency: { refName: 'EUR' },
      }),
      change,
      productIdOf,
      '2026-03-01',
    );
    expect(outcome).toMatchObject({
      kind: 'event',
      value: {
        status: 'paid',
        invoiceNumber: 'INV9',
        total: '125.5',
        amountPaid: '125.5',
        balanceDue: '0',
        dueDate: '2026-03-31',
        currency: 'EUR',
        erpStatus: 'Paid In Full',
      },
    });
  });

  it('names the invoices a payment applies to, with their product ids where Ferry delivered them', () => {
    const payment = record({
      payment: 150,
      customer: { id: '300' },
      apply: {
        items: [
          { doc: { id: '302' }, apply: true, amount: 100 },
          { doc: { id: '999' }, apply: true, amount: 50 },
          { doc: { id: '303' }, apply: false, amount: 0 },
        ],
      },
    });
    expect(feed('customerPayment').references(payment)).toEqual([
      { recordType: 'invoice', erpRecordId: '302' },
      { recordType: 'invoice', erpRecordId: '999' },
      { recordType: 'customer', erpRecordId: '300' },
    ]);
    expect(feed('customerPayment').toEvent(payment, change, productIdOf, '2026-03-01')).toMatchObject({
      kind: 'event',
      value: {
        amount: '150',
        customerProductId: 'cust-42',
        applications: [
          { invoiceErpRecordId: '302', invoiceProductId: 'inv-42', amount: '100' },
          { invoiceErpRecordId: '999', invoiceProductId: null, amount: '50' },
        ],
      },
    });
  });

  it('ships a fulfilment with tracking and lines, naming the product’s order', () => {
    const shipped = record({
      createdFrom: { id: '301' },
      shipStatus: { id: 'C' },
      tranDate: '2026-03-01',
      shipMethod: { refName: 'UPS' },
      package: { items: [{ packageTrackingNumber: '1Z1' }, { packageTrackingNumber: '1Z2' }] },
      item: {
        items: [
          { item: { externalId: 'SKU-1', id: '55' }, quantity: 2, itemReceive: true },
          { item: { id: '56' }, quantity: 1, itemReceive: false },
        ],
      },
    });
    expect(feed('itemFulfillment').references(shipped)).toEqual([{ recordType: 'salesOrder', erpRecordId: '301' }]);
    expect(feed('itemFulfillment').toEvent(shipped, change, productIdOf, '2026-03-01')).toMatchObject({
      kind: 'event',
      value: {
        orderErpRecordId: '301',
        orderProductId: 'order-42',
        carrier: 'UPS',
        shipDate: '2026-03-01',
        trackingNumbers: ['1Z1', '1Z2'],
        lines: [{ sku: 'SKU-1', erpItemId: '55', quantity: '2' }],
      },
    });
  });

  it.each(['A', 'B'])('a fulfilment picked or packed (%s) has not shipped', (id) => {
    expect(feed('itemFulfillment').toEvent(record({ shipStatus: { id } }), change, productIdOf, '2026-03-01').kind).toBe('none');
  });
});
