import type { ErpChange } from '@ferry/contracts';
import { ORACLE_FUSION_ERP_EVENT_FEEDS, oracleInvoiceStatus, oracleOrderStatus } from './oracle-fusion-erp-events';

const feed = (recordType: string) => ORACLE_FUSION_ERP_EVENT_FEEDS.find((candidate) => candidate.recordType === recordType)!;
const record = (erpRecordId: string, fields: Record<string, unknown>) => ({
  erpRecordId,
  externalId: null,
  fields,
  lastModified: '2026-03-01T10:00:00.000Z',
});
const productIdOf = ({ recordType, erpRecordId }: { recordType: string; erpRecordId: string }) =>
  recordType === 'receivablesInvoices' && erpRecordId === '300000000042' ? 'inv-42' : undefined;

describe('Oracle Fusion records as ERP → product events', () => {
  it.each([
    ['OPEN', ['AWAIT_SHIP'], 'acknowledged'],
    ['PROCESSING', ['AWAIT_SHIP', 'AWAIT_SHIP'], 'acknowledged'],
    ['OPEN', ['SHIPPED', 'AWAIT_SHIP'], 'partially_fulfilled'],
    ['OPEN', ['SHIPPED', 'AWAIT_BILLING'], 'fulfilled'],
    ['OPEN', ['SHIPPED', 'CANCELED'], 'fulfilled'],
    ['CLOSED', ['BILLED', 'CLOSED'], 'billed'],
    ['CLOSED', [], 'closed'],
    ['CANCELED', ['CANCELED'], 'rejected'],
    ['DOO_DRAFT', [], undefined],
    [null, [], undefined],
  ])('order %s with lines %j → %s', (header, lines, status) => {
    expect(oracleOrderStatus(header, lines)).toBe(status);
  });

  it.each([
    ['Complete', 100, 100, '2099-12-31', 'issued'],
    ['Complete', 100, 60, '2099-12-31', 'partially_paid'],
    ['Complete', 100, 0, '2099-12-31', 'paid'],
    ['Complete', 100, 60, '2026-02-01', 'overdue'],
    ['Complete', 100, 0, '2026-02-01', 'paid'],
    ['Complete', null, 60, null, 'changed'],
    ['Incomplete', 100, 100, null, undefined],
  ])('invoice %s total %s balance %s due %s → %s', (invoiceStatus, total, balance, dueDate, status) => {
    expect(oracleInvoiceStatus({ invoiceStatus, total, balance, dueDate, today: '2026-03-01' })).toBe(status);
  });

  it('carries a part-paid invoice’s amounts from its lines and its balance', () => {
    const invoice = record('300000000042', {
      TransactionNumber: 'INV-1',
      InvoiceCurrencyCode: 'USD',
      InvoiceStatus: 'Complete',
      DueDate: '2099-12-31',
      InvoiceBalanceAmount: 60,
      receivablesInvoiceLines: [{ LineAmount: 100 }],
    });
    expect(feed('receivablesInvoices').toEvent(invoice, {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      kind: 'event',
      subject: 'io.ferry.erp.v1.InvoiceStatusChanged',
      value: { status: 'partially_paid', invoiceNumber: 'INV-1', total: '100', amountPaid: '40', balanceDue: '60', dueDate: '2099-12-31' },
    });
  });

  it('applies a receipt to the invoices its remittance references name, with the product’s invoice id', () => {
    const receipt = record('300000000050', {
      ReceiptNumber: 'RCPT-1',
      Amount: 40,
      Currency: 'USD',
      remittanceReferences: [
        { ReferenceNumber: 'INV-1', ReferenceAmount: 40, CustomerTransactionId: 300000000042 },
        { ReferenceNumber: 'UNMATCHED', ReferenceAmount: 5 },
      ],
    });
    expect(feed('standardReceipts').references(receipt)).toEqual([{ recordType: 'receivablesInvoices', erpRecordId: '300000000042' }]);
    expect(feed('standardReceipts').toEvent(receipt, {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      subject: 'io.ferry.erp.v1.PaymentApplied',
      value: {
        amount: '40',
        paymentNumber: 'RCPT-1',
        applications: [{ invoiceErpRecordId: '300000000042', invoiceProductId: 'inv-42', amount: '40' }],
      },
    });
  });

  it('acknowledges an order with Fusion’s order number and says a cancelled one is rejected', () => {
    const order = (StatusCode: string, line: string) =>
      record('300000000007', { OrderNumber: '100007', StatusCode, lines: [{ StatusCode: line }] });
    expect(feed('salesOrdersForOrderHub').toEvent(order('OPEN', 'AWAIT_SHIP'), {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject({
      value: { status: 'acknowledged', erpOrderNumber: '100007', reason: null, erpStatus: 'OPEN (lines AWAIT_SHIP)' },
    });
    expect(feed('salesOrdersForOrderHub').toEvent(order('CANCELED', 'CANCELED'), {} as ErpChange, productIdOf, '2026-03-01')).toMatchObject(
      {
        value: { status: 'rejected', reason: 'Canceled in Oracle Order Management' },
      },
    );
  });
});
