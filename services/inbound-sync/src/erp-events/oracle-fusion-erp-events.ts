import { Subjects, type InvoiceStatusChanged, type PaymentApplied, type SalesOrderStatusChanged } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import type { ErpEventFeed } from './netsuite-erp-events';

type Fields = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const number = (value: unknown): number | null => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
};
const decimal = (value: unknown): string | null => {
  const parsed = number(value);
  return parsed === null ? null : String(Math.round(parsed * 100) / 100);
};
const children = (fields: Fields, name: string): Fields[] => {
  const value = fields[name];
  return Array.isArray(value) ? value.filter((item): item is Fields => Boolean(item) && typeof item === 'object') : [];
};

/** Fulfil line statuses past the warehouse, and past billing. */
const SHIPPED_LINE = new Set(['SHIPPED', 'AWAIT_BILLING', 'BILLED', 'CLOSED']);
const BILLED_LINE = new Set(['BILLED', 'CLOSED']);

/**
 * An Order Management order's state for the product, from its header StatusCode and its fulfil lines'
 * StatusCode: cancelled is rejected; every line billed is billed, every line shipped fulfilled, some shipped
 * partly fulfilled; an open order acknowledged, a closed one closed. A draft (DOO_DRAFT) was never submitted:
 * nothing for the product.
 */
export function oracleOrderStatus(
  headerStatus: string | null,
  lineStatuses: readonly string[],
): SalesOrderStatusChanged['status'] | undefined {
  if (headerStatus === 'CANCELED') return 'rejected';
  if (headerStatus === null || headerStatus === 'DOO_DRAFT') return undefined;
  const live = lineStatuses.filter((status) => status !== 'CANCELED');
  if (live.length > 0 && live.every((status) => BILLED_LINE.has(status))) return 'billed';
  if (live.length > 0 && live.every((status) => SHIPPED_LINE.has(status))) return 'fulfilled';
  if (live.some((status) => SHIPPED_LINE.has(status))) return 'partially_fulfilled';
  if (headerStatus === 'CLOSED') return 'closed';
  return headerStatus === 'OPEN' || headerStatus === 'PROCESSING' ? 'acknowledged' : undefined;
}

export interface OracleInvoiceFacts {
  /** Complete, Incomplete (not yet an open receivable) or Frozen. */
  invoiceStatus: string | null;
  total: number | null;
  balance: number | null;
  /** YYYY-MM-DD, or null. */
  dueDate: string | null;
  today: string;
}

/**
 * A receivables invoice's state for the product: nothing while Incomplete; paid when nothing is left of a
 * positive total; overdue with a balance past the due date; partly paid when the balance is below the total;
 * issued when nothing is paid yet; changed when the amounts cannot be told.
 */
export function oracleInvoiceStatus(facts: OracleInvoiceFacts): InvoiceStatusChanged['status'] | undefined {
  if (facts.invoiceStatus === 'Incomplete') return undefined;
  if (facts.balance === null || facts.total === null) return 'changed';
  if (facts.total > 0 && facts.balance <= 0) return 'paid';
  if (facts.dueDate !== null && facts.dueDate < facts.today && facts.balance > 0) return 'overdue';
  if (facts.balance < facts.total) return 'partially_paid';
  return 'issued';
}

const salesOrders: ErpEventFeed = {
  erpKind: 'oracle_fusion',
  recordType: 'salesOrdersForOrderHub',
  entityType: 'sales_order',
  references: () => [],
  toEvent(record, change) {
    const header = text(record.fields['StatusCode']);
    const lines = children(record.fields, 'lines').map((line) => text(line['StatusCode']) ?? '');
    const status = oracleOrderStatus(header, lines);
    if (!status) return { kind: 'none', reason: `order status ${String(header)} is not one the product is told of` };
    const value: SalesOrderStatusChanged = {
      change,
      status,
      erpOrderNumber: text(record.fields['OrderNumber']),
      reason: status === 'rejected' ? 'Canceled in Oracle Order Management' : null,
      erpStatus: `${String(header)}${lines.length > 0 ? ` (lines ${lines.join(', ')})` : ''}`,
    };
    return { kind: 'event', subject: Subjects.SalesOrderStatusChanged, value };
  },
};

const invoiceTotal = (fields: Fields): number | null => {
  const lines = children(fields, 'receivablesInvoiceLines');
  if (lines.length === 0) return null;
  const amounts = lines.map((line) => number(line['LineAmount']));
  return amounts.every((amount) => amount !== null) ? amounts.reduce<number>((sum, amount) => sum + amount!, 0) : null;
};

const invoices: ErpEventFeed = {
  erpKind: 'oracle_fusion',
  recordType: 'receivablesInvoices',
  entityType: 'invoice',
  references: () => [],
  toEvent(record, change, _productIdOf, today) {
    const { fields } = record;
    const total = invoiceTotal(fields);
    const balance = number(fields['InvoiceBalanceAmount']);
    const dueDate = text(fields['DueDate'])?.slice(0, 10) ?? null;
    const invoiceStatus = text(fields['InvoiceStatus']);
    const status = oracleInvoiceStatus({ invoiceStatus, total, balance, dueDate, today });
    if (!status) return { kind: 'none', reason: `invoice status ${String(invoiceStatus)}: not yet an open receivable` };
    const value: InvoiceStatusChanged = {
      change,
      status,
      invoiceNumber: text(fields['TransactionNumber']),
      currency: text(fields['InvoiceCurrencyCode']),
      total: total === null ? null : decimal(total),
      amountPaid: total === null || balance === null ? null : decimal(total - balance),
      balanceDue: decimal(balance),
      dueDate,
      erpStatus: invoiceStatus,
      orderErpRecordId: null,
      orderProductId: null,
    };
    return { kind: 'event', subject: Subjects.InvoiceStatusChanged, value };
  },
};

/** The invoices a receipt was applied to: its remittance references naming a transaction. */
const appliedTo = (record: ErpRecord) =>
  children(record.fields, 'remittanceReferences').filter((reference) => text(reference['CustomerTransactionId']) !== null);

const receipts: ErpEventFeed = {
  erpKind: 'oracle_fusion',
  recordType: 'standardReceipts',
  entityType: 'payment',
  references: (record) =>
    appliedTo(record).map((reference) => ({ recordType: 'receivablesInvoices', erpRecordId: text(reference['CustomerTransactionId'])! })),
  toEvent(record, change, productIdOf) {
    const amount = decimal(record.fields['Amount']);
    if (amount === null) return { kind: 'none', reason: 'the receipt has no amount' };
    const value: PaymentApplied = {
      change,
      amount,
      currency: text(record.fields['Currency']),
      paymentNumber: text(record.fields['ReceiptNumber']),
      // A receipt names the customer's account number, not a record Ferry keeps a product id for.
      customerErpRecordId: null,
      customerProductId: null,
      applications: appliedTo(record).map((reference) => {
        const invoiceErpRecordId = text(reference['CustomerTransactionId'])!;
        return {
          invoiceErpRecordId,
          invoiceProductId: productIdOf({ recordType: 'receivablesInvoices', erpRecordId: invoiceErpRecordId }) ?? null,
          amount: decimal(reference['ReferenceAmount']) ?? '0',
        };
      }),
    };
    return { kind: 'event', subject: Subjects.PaymentApplied, value };
  },
};

/**
 * What inbound-sync reads from Oracle Fusion for the product (`q=LastUpdateDate>='…'`, `orderBy=LastUpdateDate:asc`).
 * Shipments (the SCM `shipments` resource) are not read yet: an order's fulfil lines tell shipped, without
 * tracking numbers.
 */
export const ORACLE_FUSION_ERP_EVENT_FEEDS: readonly ErpEventFeed[] = [salesOrders, invoices, receipts];
