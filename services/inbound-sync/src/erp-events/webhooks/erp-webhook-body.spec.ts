import { HttpException } from '@nestjs/common';
import { parseBody } from '@ferry/platform';
import { erpWebhookBody, webhookStatusRows } from './erp-webhook-body';

const header = { erpRecordId: 'R-1', changedAt: '2026-12-02T09:15:00+01:00' };

describe('the ERP webhook body: one documented JSON shape per event type', () => {
  it.each([
    [
      'an order acknowledged',
      { type: 'SalesOrderStatusChanged', ...header, status: 'acknowledged', erpOrderNumber: 'SO-1' },
      { recordType: 'ORDERS', status: 'acknowledged', docNo: 'SO-1', changedAt: '2026-12-02T08:15:00.000Z', line: 1 },
    ],
    [
      'an invoice partly paid',
      {
        type: 'InvoiceStatusChanged',
        ...header,
        status: 'partially_paid',
        total: '100.00',
        amountPaid: '40',
        balanceDue: '60.00',
        dueDate: '2026-12-31',
        currency: 'EUR',
      },
      { recordType: 'INVOICES', total: '100', amountPaid: '40', balanceDue: '60', dueDate: '2026-12-31', currency: 'EUR' },
    ],
    [
      'a payment applied',
      { type: 'PaymentApplied', ...header, amount: '60', applications: [{ invoiceErpRecordId: 'I-1', amount: '60.00' }] },
      { recordType: 'PAYMENTS', amount: '60', appliedTo: [{ invoiceErpId: 'I-1', amount: '60' }] },
    ],
    [
      'a shipment shipped',
      { type: 'ShipmentShipped', ...header, orderErpRecordId: 'O-1', trackingNumbers: ['1Z'], lines: [{ sku: 'SKU-1', quantity: '2' }] },
      { recordType: 'SHIPMENTS', orderErpId: 'O-1', trackingNumbers: ['1Z'], lines: [{ sku: 'SKU-1', quantity: '2' }] },
    ],
  ])('reads %s', (_name, event, row) => {
    expect(webhookStatusRows(parseBody(erpWebhookBody, { events: [event] }))).toEqual([expect.objectContaining(row)]);
  });

  it('answers 400 naming every bad field at once', () => {
    const body = {
      events: [
        { type: 'SalesOrderStatusChanged', erpRecordId: '', changedAt: '2026-12-02 08:00', status: 'lost' },
        { type: 'InvoiceStatusChanged', ...header, status: 'paid', total: 'ten', dueDate: '2026-02-30' },
        { type: 'Refund', ...header },
        { type: 'ShipmentShipped', ...header, orderErpRecordId: 'O-1', colour: 'red' },
      ],
    };
    let answer: unknown;
    try {
      parseBody(erpWebhookBody, body);
    } catch (error) {
      answer = (error as HttpException).getResponse();
    }
    const fields = (answer as { error: { details: { field: string }[] } }).error.details.map((detail) => detail.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'events.0.erpRecordId',
        'events.0.changedAt',
        'events.0.status',
        'events.1.total',
        'events.1.balanceDue',
        'events.1.dueDate',
        'events.2.type',
        'events.3',
      ]),
    );
  });

  it.each([
    ['no events', { events: [] }],
    [
      'more than 100 events',
      { events: Array.from({ length: 101 }, () => ({ type: 'SalesOrderStatusChanged', ...header, status: 'billed' })) },
    ],
    ['a rejection without a reason', { events: [{ type: 'SalesOrderStatusChanged', ...header, status: 'rejected' }] }],
  ])('refuses %s', (_name, body) => {
    expect(() => parseBody(erpWebhookBody, body)).toThrow(HttpException);
  });
});
