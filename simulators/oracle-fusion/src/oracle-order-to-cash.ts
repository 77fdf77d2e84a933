/** A record as the simulator keeps it. */
export interface OracleRecord {
  id: number;
  fields: Record<string, unknown>;
  CreationDate: string;
  LastUpdateDate: string;
}

/** A step the record's state does not allow: answered 409 by the admin API. */
export class OracleStateError extends Error {}

type Line = Record<string, unknown>;
const linesOf = (value: unknown): Line[] => (Array.isArray(value) ? (value as Line[]) : []);
const amount = (value: number) => Math.round(value * 100) / 100;

/**
 * What Fusion sets on a saved record beside the client's attributes: an order gets its OrderNumber, header
 * StatusCode OPEN and fulfil lines AWAIT_SHIP; an invoice is Complete with each line's LineAmount and the
 * InvoiceBalanceAmount still open (its lines' total less what receipts applied).
 */
export function systemAttributes(resource: string, record: OracleRecord, applied: number): void {
  const { fields } = record;
  if (resource === 'salesOrdersForOrderHub') {
    fields['OrderNumber'] ??= String(record.id).slice(-6);
    fields['StatusCode'] ??= 'OPEN';
    fields['lines'] = linesOf(fields['lines']).map((line) => ({ StatusCode: 'AWAIT_SHIP', ...line }));
  }
  if (resource === 'receivablesInvoices') {
    const lines = linesOf(fields['receivablesInvoiceLines']).map((line, index) => ({
      LineNumber: index + 1,
      ...line,
      LineAmount: amount((Number(line['Quantity']) || 0) * (Number(line['UnitSellingPrice']) || 0)),
    }));
    fields['receivablesInvoiceLines'] = lines;
    fields['InvoiceStatus'] ??= 'Complete';
    fields['InvoiceBalanceAmount'] = amount(lines.reduce((sum, line) => sum + Number(line['LineAmount']), 0) - applied);
  }
}

/** The warehouse ships every open line (fulfil line status SHIPPED); the order is closed when nothing is left open. */
export function shipOrder(order: OracleRecord, now: string): void {
  if (order.fields['StatusCode'] === 'CANCELED' || order.fields['StatusCode'] === 'CLOSED')
    throw new OracleStateError(`order ${order.id} is ${String(order.fields['StatusCode'])}`);
  const lines = linesOf(order.fields['lines']);
  if (!lines.some((line) => line['StatusCode'] === 'AWAIT_SHIP'))
    throw new OracleStateError(`order ${order.id} has no line awaiting shipping`);
  order.fields['lines'] = lines.map((line) =>
    line['StatusCode'] === 'AWAIT_SHIP' ? { ...line, StatusCode: 'SHIPPED', ActualShipDate: now } : line,
  );
  order.LastUpdateDate = now;
}

/** Order management cancels the order: header and open lines CANCELED. */
export function cancelOrder(order: OracleRecord, now: string): void {
  const lines = linesOf(order.fields['lines']);
  if (lines.some((line) => line['StatusCode'] !== 'AWAIT_SHIP')) throw new OracleStateError(`order ${order.id} has shipped lines`);
  order.fields['StatusCode'] = 'CANCELED';
  order.fields['lines'] = lines.map((line) => ({ ...line, StatusCode: 'CANCELED' }));
  order.LastUpdateDate = now;
}

/**
 * A standard receipt applied to the invoice (Receivables' applyReceipt): the invoice's balance goes down by the
 * amount (default: all that is open); the receipt names the invoice in its remittance references.
 */
export function receiptFor(invoice: OracleRecord, requested: number | undefined, receiptNumber: string): Record<string, unknown> {
  const balance = Number(invoice.fields['InvoiceBalanceAmount'] ?? 0);
  const applied = requested ?? balance;
  if (!(applied > 0) || applied > balance + 1e-9)
    throw new OracleStateError(`a receipt of ${applied} does not fit the balance ${balance} of invoice ${invoice.id}`);
  return {
    ReceiptNumber: receiptNumber,
    Amount: amount(applied),
    Currency: invoice.fields['InvoiceCurrencyCode'] ?? 'USD',
    CustomerAccountNumber: invoice.fields['BillToCustomerNumber'] ?? null,
    remittanceReferences: [
      { ReferenceNumber: invoice.fields['TransactionNumber'] ?? null, ReferenceAmount: amount(applied), CustomerTransactionId: invoice.id },
    ],
  };
}

/** What one round of the pod's background team does, chosen before anyone acts (one step per record a round). */
export interface TeamRound {
  /** The oldest order with a line awaiting shipping: shipped. */
  ship: OracleRecord | undefined;
  /** The oldest invoice with a balance: a receipt for all of it. */
  pay: OracleRecord | undefined;
}

export function teamRound(orders: Iterable<OracleRecord>, invoices: Iterable<OracleRecord>): TeamRound {
  const oldest = (records: Iterable<OracleRecord>) => [...records].sort((a, b) => a.id - b.id);
  return {
    ship: oldest(orders).find(
      (order) =>
        order.fields['StatusCode'] === 'OPEN' && linesOf(order.fields['lines']).some((line) => line['StatusCode'] === 'AWAIT_SHIP'),
    ),
    pay: oldest(invoices).find((invoice) => Number(invoice.fields['InvoiceBalanceAmount'] ?? 0) > 0),
  };
}
