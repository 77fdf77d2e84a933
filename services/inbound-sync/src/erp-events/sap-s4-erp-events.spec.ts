import type { ErpChange } from '@ferry/contracts';
import { SAP_S4_ERP_EVENT_FEEDS, sapInvoiceStatus, sapOrderStatus } from './sap-s4-erp-events';

const feed = (recordType: string) => SAP_S4_ERP_EVENT_FEEDS.find((candidate) => candidate.recordType === recordType)!;
const record = (erpRecordId: string, fields: Record<string, unknown>) => ({
  erpRecordId,
  externalId: null,
  fields,
  lastModified: '2026-03-01T10:00:00.000Z',
});
const productIds: Record<string, string> = { 'A_SalesOrder/0000000007': 'so-7' };
const productIdOf = ({ recordType, erpRecordId }: { recordType: string; erpRecordId: string }) =>
  productIds[`${recordType}/${erpRecordId}`];

describe('S/4HANA documents as ERP → product events', () => {
  it.each([
    // process, delivery, billing, rejection → status
    ['A', 'A', 'A', 'A', 'acknowledged'],
    ['B', 'A', 'A', 'B', 'acknowledged'],
    ['B', 'B', 'A', 'A', 'partially_fulfilled'],
    ['B', 'C', 'A', 'A', 'fulfilled'],
    ['C', 'C', 'C', 'A', 'billed'],
    ['B', 'A', 'C', 'A', 'billed'],
    ['C', 'A', 'A', 'C', 'rejected'],
    ['C', 'A', 'A', 'A', 'closed'],
    [null, null, null, null, undefined],
    ['X', 'A', 'A', 'A', undefined],
  ])('order process %s, delivery %s, billing %s, rejection %s → %s', (process, delivery, billing, rejection, status) => {
    expect(
      sapOrderStatus({
        OverallSDProcessStatus: process,
        OverallTotalDeliveryStatus: delivery,
        OverallOrdReltdBillgStatus: billing,
        OverallSDDocumentRejectionSts: rejection,
      }),
    ).toBe(status);
  });

  it.each([
    [false, 'A', 'issued'],
    [false, null, 'issued'],
    [false, 'B', 'partially_paid'],
    [false, 'C', 'paid'],
    [true, 'A', 'voided'],
    [false, 'Z', undefined],
  ])('billing document cancelled %s, clearing %s → %s', (cancelled, clearing, status) => {
    expect(sapInvoiceStatus(cancelled, clearing)).toBe(status);
  });

  it('names the order a billing document bills, and the product’s id of it, with the amounts S/4 has', () => {
    const billing = record('90000001', {
      InvoiceClearingStatus: 'C',
      BillingDocumentIsCancelled: false,
      TotalGrossAmount: '30.000',
      TransactionCurrency: 'EUR',
      to_Item: [{ BillingDocumentItem: '000010', SalesDocument: '0000000007' }],
    });
    expect(feed('A_BillingDocument').references(billing)).toEqual([{ recordType: 'A_SalesOrder', erpRecordId: '0000000007' }]);
    expect(feed('A_BillingDocument').toEvent(billing, {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      kind: 'event',
      subject: 'io.ferry.erp.v1.InvoiceStatusChanged',
      value: {
        status: 'paid',
        invoiceNumber: '90000001',
        total: '30',
        amountPaid: '30',
        balanceDue: '0',
        currency: 'EUR',
        dueDate: null,
        orderErpRecordId: '0000000007',
        orderProductId: 'so-7',
      },
    });
  });

  it('does not invent the amounts of a part clearing S/4’s billing document does not show', () => {
    const billing = record('90000002', { InvoiceClearingStatus: 'B', TotalGrossAmount: '30', to_Item: [] });
    expect(feed('A_BillingDocument').toEvent(billing, {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      value: { status: 'partially_paid', total: '30', amountPaid: null, balanceDue: null, orderErpRecordId: null, orderProductId: null },
    });
  });

  it('ships a delivery once its goods issue is posted, with the bill of lading as tracking and the order’s product id', () => {
    const delivery = (goodsMovement: string) =>
      record('80000001', {
        OverallGoodsMovementStatus: goodsMovement,
        ActualGoodsMovementDate: '/Date(1772323200000)/',
        BillOfLading: '1Z999AA10123456784',
        to_DeliveryDocumentItem: [{ Material: 'TG11', ActualDeliveryQuantity: '3.000', ReferenceSDDocument: '0000000007' }],
      });
    expect(feed('A_OutbDeliveryHeader').toEvent(delivery('A'), {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({ kind: 'none' });
    expect(feed('A_OutbDeliveryHeader').toEvent(delivery('C'), {} as ErpChange, productIdOf, '2026-03-01')).toEqual({
      kind: 'event',
      subject: 'io.ferry.erp.v1.ShipmentShipped',
      value: {
        change: {},
        orderErpRecordId: '0000000007',
        orderProductId: 'so-7',
        shipmentNumber: '80000001',
        shipDate: '2026-03-01',
        carrier: null,
        trackingNumbers: ['1Z999AA10123456784'],
        lines: [{ sku: 'TG11', erpItemId: 'TG11', quantity: '3' }],
      },
    });
  });

  it('acknowledges an order with its S/4 number and rejects one rejected on every item', () => {
    const order = (rejection: string) =>
      record('0000000007', {
        OverallSDProcessStatus: rejection === 'C' ? 'C' : 'A',
        OverallTotalDeliveryStatus: 'A',
        OverallOrdReltdBillgStatus: 'A',
        OverallSDDocumentRejectionSts: rejection,
      });
    expect(feed('A_SalesOrder').toEvent(order('A'), {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      value: { status: 'acknowledged', erpOrderNumber: '0000000007', reason: null },
    });
    expect(feed('A_SalesOrder').toEvent(order('C'), {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      value: { status: 'rejected', reason: expect.stringContaining('Rejected') },
    });
  });
});
