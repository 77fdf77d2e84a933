import { OracleStateError, receiptFor, shipOrder, systemAttributes, teamRound, type OracleRecord } from './oracle-order-to-cash';

const record = (id: number, fields: Record<string, unknown>): OracleRecord => ({
  id,
  fields,
  CreationDate: '2026-03-01T10:00:00.000Z',
  LastUpdateDate: '2026-03-01T10:00:00.000Z',
});

describe('the Fusion simulator’s order to cash', () => {
  it('sets what Fusion sets on a saved order and invoice', () => {
    const order = record(300000000007, { lines: [{ ProductNumber: 'W' }] });
    systemAttributes('salesOrdersForOrderHub', order, 0);
    expect(order.fields).toMatchObject({
      OrderNumber: '000007',
      StatusCode: 'OPEN',
      lines: [{ ProductNumber: 'W', StatusCode: 'AWAIT_SHIP' }],
    });
    const invoice = record(300000000042, {
      receivablesInvoiceLines: [
        { Quantity: 2, UnitSellingPrice: 50 },
        { Quantity: 1, UnitSellingPrice: 0.5 },
      ],
    });
    systemAttributes('receivablesInvoices', invoice, 40);
    expect(invoice.fields).toMatchObject({ InvoiceStatus: 'Complete', InvoiceBalanceAmount: 60.5 });
  });

  it('ships an order once and applies only a receipt that fits the balance', () => {
    const order = record(1, { StatusCode: 'OPEN', lines: [{ StatusCode: 'AWAIT_SHIP' }] });
    shipOrder(order, '2026-03-01T11:00:00.000Z');
    expect(order).toMatchObject({ LastUpdateDate: '2026-03-01T11:00:00.000Z', fields: { lines: [{ StatusCode: 'SHIPPED' }] } });
    expect(() => shipOrder(order, '2026-03-01T12:00:00.000Z')).toThrow(OracleStateError);
    const invoice = record(2, { TransactionNumber: 'INV-1', InvoiceBalanceAmount: 60 });
    expect(receiptFor(invoice, undefined, 'RCPT-1')).toMatchObject({
      Amount: 60,
      remittanceReferences: [{ ReferenceNumber: 'INV-1', CustomerTransactionId: 2 }],
    });
    expect(() => receiptFor(invoice, 61, 'RCPT-2')).toThrow(OracleStateError);
    expect(() => receiptFor(invoice, 0, 'RCPT-2')).toThrow(OracleStateError);
  });

  it('has its background team ship the oldest open order and pay the oldest invoice with a balance', () => {
    const orders = [
      record(3, { StatusCode: 'OPEN', lines: [{ StatusCode: 'AWAIT_SHIP' }] }),
      record(1, { StatusCode: 'CANCELED', lines: [{ StatusCode: 'CANCELED' }] }),
      record(2, { StatusCode: 'OPEN', lines: [{ StatusCode: 'AWAIT_SHIP' }] }),
    ];
    const invoices = [record(5, { InvoiceBalanceAmount: 0 }), record(6, { InvoiceBalanceAmount: 10 })];
    expect(teamRound(orders, invoices)).toEqual({ ship: orders[2], pay: invoices[1] });
    expect(teamRound([], [invoices[0]!])).toEqual({ ship: undefined, pay: undefined });
  });
});
