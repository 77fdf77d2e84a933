import type { AccountState, StoredRecord } from './account-store';

/**
 * NetSuite's transaction records as finance and the warehouse change them. SuiteQL has one `transaction` table
 * for every kind, told apart by `type` (SalesOrd, CustInvc, CustPymt, ItemShip) and a one-letter `status`
 * whose meaning depends on the type; the REST record API shows the same status as { id, refName }.
 */
export const TRANSACTION_TYPES: Record<string, string> = {
  salesOrder: 'SalesOrd',
  invoice: 'CustInvc',
  customerPayment: 'CustPymt',
  itemFulfillment: 'ItemShip',
};

/** Status letters and their labels, per transaction type, as NetSuite names them. */
export const TRANSACTION_STATUSES = {
  salesOrder: {
    A: 'Pending Approval',
    B: 'Pending Fulfillment',
    C: 'Cancelled',
    D: 'Partially Fulfilled',
    E: 'Pending Billing/Partially Fulfilled',
    F: 'Pending Billing',
    G: 'Billed',
    H: 'Closed',
  },
  invoice: { A: 'Open', B: 'Paid In Full', V: 'Voided' },
  customerPayment: { A: 'Unapproved Payment', B: 'Not Deposited', C: 'Deposited' },
  itemFulfillment: { A: 'Picked', B: 'Packed', C: 'Shipped' },
} as const;

type StatusOf<T extends keyof typeof TRANSACTION_STATUSES> = keyof (typeof TRANSACTION_STATUSES)[T];

export function statusField<T extends keyof typeof TRANSACTION_STATUSES>(recordType: T, id: StatusOf<T>): { id: string; refName: string } {
  const labels = TRANSACTION_STATUSES[recordType] as Record<string, string>;
  return { id: String(id), refName: labels[String(id)] ?? String(id) };
}

interface ItemLine {
  item?: unknown;
  quantity?: unknown;
  rate?: unknown;
  description?: unknown;
}

const itemLines = (fields: Record<string, unknown>): ItemLine[] => {
  const items = (fields['item'] as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as ItemLine[]) : [];
};

const money = (value: number): number => Math.round(value * 100) / 100;

function linesTotal(fields: Record<string, unknown>): number {
  return money(itemLines(fields).reduce((sum, line) => sum + Number(line.quantity ?? 0) * Number(line.rate ?? 0), 0));
}

/**
 * What NetSuite sets itself when a transaction is saved: the document number (tranId) when none was given,
 * the status a new order or invoice starts in, an invoice's total, amount paid and amount remaining, and a
 * transaction's createdDate (the REST record's name for it; entities call it dateCreated).
 */
export function transactionDefaults(
  recordType: string,
  id: string,
  fields: Record<string, unknown>,
  createdDate = new Date().toISOString(),
): Record<string, unknown> {
  if (TRANSACTION_TYPES[recordType]) fields = { createdDate, ...fields };
  switch (recordType) {
    case 'salesOrder':
      return { tranId: `SO${id}`, status: statusField('salesOrder', 'B'), total: linesTotal(fields), ...fields };
    case 'invoice': {
      const total = linesTotal(fields);
      return { tranId: `INV${id}`, status: statusField('invoice', 'A'), total, amountPaid: 0, amountRemaining: total, ...fields };
    }
    case 'customerPayment':
      return { tranId: `PYMT${id}`, status: statusField('customerPayment', 'B'), ...fields };
    case 'itemFulfillment':
      return { tranId: `IF${id}`, ...fields };
    default:
      return fields;
  }
}

/** The SuiteQL `transaction` table: every transaction record with its `type` column. */
export function transactionTableRecords(account: AccountState): StoredRecord[] {
  return Object.entries(TRANSACTION_TYPES).flatMap(([recordType, type]) =>
    [...account.table(recordType).values()].map((record) => ({ ...record, fields: { ...record.fields, type } })),
  );
}

/** What the team cannot do: 404 for a record that does not exist, 409 for one in the wrong state. */
export class TransactionError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 = 409,
  ) {
    super(message);
  }
}

/**
 * Finance records a customer payment applied to an invoice (the whole amount remaining unless told less): the
 * payment is a new CustPymt whose apply sublist names the invoice; the invoice's amount paid and remaining move,
 * and it becomes Paid In Full when nothing remains (a partly paid invoice stays Open, as in NetSuite).
 */
export function payInvoice(account: AccountState, invoiceId: string, amount?: number): { payment: StoredRecord; invoice: StoredRecord } {
  const invoice = account.table('invoice').get(invoiceId);
  if (!invoice) throw new TransactionError(`no invoice ${invoiceId}`, 404);
  if ((invoice.fields['status'] as { id?: string } | undefined)?.id !== 'A') throw new TransactionError(`invoice ${invoiceId} is not open`);
  const remaining = Number(invoice.fields['amountRemaining'] ?? 0);
  const paid = money(amount ?? remaining);
  if (!(paid > 0) || paid > remaining) throw new TransactionError(`a payment of ${paid} does not fit the ${remaining} remaining`);
  const payment = account.create('customerPayment', null, {
    customer: invoice.fields['entity'],
    payment: paid,
    currency: invoice.fields['currency'],
    tranDate: new Date().toISOString().slice(0, 10),
    apply: { items: [{ doc: { id: invoice.id }, refNum: invoice.fields['tranId'], apply: true, amount: paid }] },
  });
  const left = money(remaining - paid);
  account.update(invoice, {
    amountPaid: money(Number(invoice.fields['amountPaid'] ?? 0) + paid),
    amountRemaining: left,
    status: statusField('invoice', left === 0 ? 'B' : 'A'),
  });
  return { payment, invoice };
}

/**
 * The warehouse ships a sales order in full: an item fulfilment created from the order (createdFrom), status
 * Shipped, with the order's lines and the package's tracking number; the order moves to Pending Billing.
 */
export function shipOrder(
  account: AccountState,
  salesOrderId: string,
  shipping: { trackingNumber?: string; carrier?: string } = {},
): { fulfillment: StoredRecord; salesOrder: StoredRecord } {
  const salesOrder = account.table('salesOrder').get(salesOrderId);
  if (!salesOrder) throw new TransactionError(`no sales order ${salesOrderId}`, 404);
  const status = (salesOrder.fields['status'] as { id?: string } | undefined)?.id;
  if (status !== 'B' && status !== 'D' && status !== 'E')
    throw new TransactionError(`sales order ${salesOrderId} is not awaiting fulfilment`);
  const fulfillment = account.create('itemFulfillment', null, {
    createdFrom: { id: salesOrder.id, refName: `Sales Order #${String(salesOrder.fields['tranId'])}` },
    entity: salesOrder.fields['entity'],
    tranDate: new Date().toISOString().slice(0, 10),
    shipStatus: statusField('itemFulfillment', 'C'),
    shipMethod: { refName: shipping.carrier ?? 'UPS Ground' },
    item: {
      items: itemLines(salesOrder.fields).map((line, index) => ({
        item: line.item,
        quantity: line.quantity,
        orderLine: index + 1,
        itemReceive: true,
      })),
    },
  });
  account.update(fulfillment, {
    package: { items: [{ packageTrackingNumber: shipping.trackingNumber ?? `1Z${fulfillment.id.padStart(16, '0')}` }] },
  });
  account.update(salesOrder, { status: statusField('salesOrder', 'F') });
  return { fulfillment, salesOrder };
}

/**
 * One round of a finance and warehouse team at work: pays the oldest open invoice and ships the oldest order
 * awaiting fulfilment. Answers what it did, so the background switch can log it.
 */
export function workRound(account: AccountState): string[] {
  const done: string[] = [];
  const openInvoice = [...account.table('invoice').values()].find((r) => (r.fields['status'] as { id?: string })?.id === 'A');
  if (openInvoice) done.push(`paid invoice ${payInvoice(account, openInvoice.id).invoice.id}`);
  const pending = [...account.table('salesOrder').values()].find((r) => (r.fields['status'] as { id?: string })?.id === 'B');
  if (pending) done.push(`shipped sales order ${shipOrder(account, pending.id).salesOrder.id}`);
  return done;
}
