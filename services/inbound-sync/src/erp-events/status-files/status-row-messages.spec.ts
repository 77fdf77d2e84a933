import { Subjects, Topics } from '@ferry/contracts';
import { WEBHOOK_RECORD_TYPES } from '../webhooks/erp-webhook-body';
import type { StatusRow } from './status-file-format';
import { statusRowMessages } from './status-row-messages';
import { statusRowReferences } from './status-row-event';

const connection = { tenantId: 'acme', connectionId: 'legacy', erpKind: 'csv_sftp' };
const READ_AT = Date.parse('2026-12-02T09:00:00Z');
const base = { line: 2, externalId: null, changedAt: '2026-12-02T08:00:00.000Z', docNo: 'D-1' };
const order: StatusRow = { ...base, recordType: 'ORDERS', erpRecordId: 'L-1', status: 'acknowledged', reason: null };
const payment: StatusRow = {
  ...base,
  recordType: 'PAYMENTS',
  erpRecordId: 'L-3',
  amount: '10',
  currency: 'EUR',
  customerErpId: 'C-1',
  appliedTo: [{ invoiceErpId: 'L-2', amount: '10' }],
};
const shipment: StatusRow = {
  ...base,
  recordType: 'SHIPMENTS',
  erpRecordId: 'L-4',
  orderErpId: 'L-1',
  shipDate: null,
  carrier: null,
  trackingNumbers: [],
  lines: [],
};

describe('statusRowMessages: status rows as ERP → product messages', () => {
  it.each([
    ['an order', order, Subjects.SalesOrderStatusChanged, 'acme:sales_order:legacy/L-1'],
    ['a payment', payment, Subjects.PaymentApplied, 'acme:payment:legacy/L-3'],
    ['a shipment', shipment, Subjects.ShipmentShipped, 'acme:shipment:legacy/L-4'],
  ])('publishes %s on ferry.erp-events.v1 keyed like the polled ERPs, with a sync status', (_name, row, subject, key) => {
    const [event, status] = statusRowMessages(connection, [row], new Map(), READ_AT);
    expect(event).toMatchObject({ topic: Topics.erpEvents, subject, key });
    expect(status).toMatchObject({ topic: Topics.syncStatus, subject: Subjects.SyncStatus });
  });

  it('names the product ids Ferry’s books know: the record’s own, the invoices a payment pays, the order a shipment ships', () => {
    const ids = new Map([
      ['ORDERS/L-1', 'so-1'],
      ['INVOICES/L-2', 'inv-2'],
      ['CUSTOMERS/C-1', 'cust-1'],
    ]);
    const [orderEvent, , paymentEvent, , shipmentEvent] = statusRowMessages(connection, [order, payment, shipment], ids, READ_AT);
    expect(orderEvent!.value).toMatchObject({
      change: { productEntityId: 'so-1', erpRecordType: 'ORDERS', changedAt: Date.parse(base.changedAt), readAt: READ_AT },
    });
    expect(paymentEvent!.value).toMatchObject({ customerProductId: 'cust-1', applications: [{ invoiceProductId: 'inv-2' }] });
    expect(shipmentEvent!.value).toMatchObject({ orderProductId: 'so-1', change: { productEntityId: null } });
  });

  it('gives the same row the same event id however often it is read, and another change time another id', () => {
    const id = (row: StatusRow, readAt: number) =>
      (statusRowMessages(connection, [row], new Map(), readAt)[0]!.value as { change: { eventId: string } }).change.eventId;
    expect(id(order, READ_AT)).toBe(id(order, READ_AT + 60_000));
    expect(id({ ...order, changedAt: '2026-12-02T08:00:01.000Z' }, READ_AT)).not.toBe(id(order, READ_AT));
  });

  it('names record types as the connection’s template does: the legacy ERP’s tables, or the webhook template’s', () => {
    expect(statusRowReferences(payment)).toEqual([
      { recordType: 'PAYMENTS', erpRecordId: 'L-3' },
      { recordType: 'INVOICES', erpRecordId: 'L-2' },
      { recordType: 'CUSTOMERS', erpRecordId: 'C-1' },
    ]);
    expect(statusRowReferences(shipment, WEBHOOK_RECORD_TYPES)).toEqual([
      { recordType: 'shipment', erpRecordId: 'L-4' },
      { recordType: 'order', erpRecordId: 'L-1' },
    ]);
    const [event] = statusRowMessages({ ...connection, erpKind: 'webhook' }, [shipment], new Map(), READ_AT, WEBHOOK_RECORD_TYPES);
    expect(event).toMatchObject({ key: 'acme:shipment:legacy/L-4', value: { change: { erpRecordType: 'shipment', erpKind: 'webhook' } } });
  });
});
