import { AccountState } from './account-store';
import { parseSuiteQl, runSuiteQl } from './suiteql';
import { TransactionError, payInvoice, shipOrder, transactionTableRecords, workRound } from './transactions';

const lines = {
  items: [
    { item: { externalId: 'SKU-1' }, quantity: 2, rate: 50 },
    { item: { externalId: 'SKU-2' }, quantity: 1, rate: 25.5 },
  ],
};

function account() {
  const state = new AccountState('TSTDRV1', 5, { '1': 'Parent Company' });
  const invoice = state.create('invoice', 'ferry-inv-1', { entity: { externalId: 'ferry-c1' }, item: lines });
  const order = state.create('salesOrder', 'ferry-so-1', { entity: { externalId: 'ferry-c1' }, item: lines });
  return { state, invoice, order };
}

describe('NetSuite simulator transactions as finance and the warehouse change them', () => {
  it('gives a new invoice its number, Open status, total and amount remaining, and a new order Pending Fulfillment', () => {
    const { invoice, order } = account();
    expect(invoice.fields).toMatchObject({
      tranId: `INV${invoice.id}`,
      status: { id: 'A', refName: 'Open' },
      total: 125.5,
      amountPaid: 0,
      amountRemaining: 125.5,
    });
    expect(order.fields).toMatchObject({ tranId: `SO${order.id}`, status: { id: 'B', refName: 'Pending Fulfillment' } });
  });

  it.each([
    ['a part payment leaves it Open', 100, { status: { id: 'A' }, amountPaid: 100, amountRemaining: 25.5 }],
    [
      'the whole remaining amount makes it Paid In Full',
      undefined,
      { status: { id: 'B', refName: 'Paid In Full' }, amountPaid: 125.5, amountRemaining: 0 },
    ],
  ] as const)('paying an invoice: %s', (_case, amount, expected) => {
    const { state, invoice } = account();
    const { payment } = payInvoice(state, invoice.id, amount);
    expect(invoice.fields).toMatchObject(expected);
    expect(payment.fields).toMatchObject({ apply: { items: [{ doc: { id: invoice.id }, amount: amount ?? 125.5, apply: true }] } });
  });

  it.each([
    ['more than remains', 200],
    ['nothing', 0],
  ])('refuses a payment of %s', (_case, amount) => {
    const { state, invoice } = account();
    expect(() => payInvoice(state, invoice.id, amount)).toThrow(TransactionError);
  });

  it('ships an order as an item fulfilment created from it, with its lines and tracking, and the order awaits billing', () => {
    const { state, order } = account();
    const { fulfillment } = shipOrder(state, order.id, { trackingNumber: '1Z999', carrier: 'UPS' });
    expect(fulfillment.fields).toMatchObject({
      createdFrom: { id: order.id },
      shipStatus: { id: 'C', refName: 'Shipped' },
      package: { items: [{ packageTrackingNumber: '1Z999' }] },
      item: {
        items: [
          { item: { externalId: 'SKU-1' }, quantity: 2 },
          { item: { externalId: 'SKU-2' }, quantity: 1 },
        ],
      },
    });
    expect(order.fields['status']).toEqual({ id: 'F', refName: 'Pending Billing' });
    expect(() => shipOrder(state, order.id)).toThrow(TransactionError);
  });

  it('answers SuiteQL on the transaction table by type and status letter, as NetSuite names them', () => {
    const { state, invoice } = account();
    workRound(state);
    const query = (q: string) => runSuiteQl(parseSuiteQl(q), transactionTableRecords(state));
    expect(query(`SELECT id, status FROM transaction WHERE type = 'CustInvc'`)).toEqual([{ id: invoice.id, status: 'B' }]);
    expect(query(`SELECT type FROM transaction WHERE type = 'ItemShip'`)).toHaveLength(1);
    expect(query(`SELECT type FROM transaction WHERE type = 'CustPymt'`)).toHaveLength(1);
    expect(query(`SELECT status FROM transaction WHERE type = 'SalesOrd'`)).toEqual([{ status: 'F' }]);
  });
});
