import {
  Subjects,
  type ErpChange,
  type InvoiceStatusChanged,
  type PaymentApplied,
  type SalesOrderStatusChanged,
  type ShipmentShipped,
} from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';

/** An ERP record another record refers to (the order a fulfilment ships, the invoice a payment pays). */
export interface ErpReference {
  recordType: string;
  erpRecordId: string;
}

/** The product's id of a record Ferry delivered, from Ferry's books; undefined when Ferry never delivered it. */
export type ProductIdOf = (reference: ErpReference) => string | undefined;

/** What one changed ERP record becomes on the ERP → product topic, or why it becomes nothing. */
export type ErpEventOutcome = { kind: 'event'; subject: string; value: unknown } | { kind: 'none'; reason: string };

/**
 * One record type an ERP is polled for, and how a changed record of it becomes an ERP → product event.
 * `references` names the other records whose product ids the event carries, so they are looked up in one query.
 */
export interface ErpEventFeed {
  erpKind: string;
  recordType: string;
  /** The canonical entity type the event is about: the middle of its Kafka key. */
  entityType: string;
  references(record: ErpRecord): ErpReference[];
  toEvent(record: ErpRecord, change: ErpChange, productIdOf: ProductIdOf, today: string): ErpEventOutcome;
}

type Fields = Record<string, unknown>;

const objectAt = (fields: Fields, name: string): Fields | undefined => {
  const value = fields[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
};
const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const decimal = (value: unknown): string | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? String(Math.round(number * 100) / 100) : null;
};
const sublist = (fields: Fields, name: string): Fields[] => {
  const items = objectAt(fields, name)?.['items'];
  return Array.isArray(items) ? items.filter((item): item is Fields => Boolean(item) && typeof item === 'object') : [];
};
const statusOf = (fields: Fields, name = 'status') => ({
  id: text(objectAt(fields, name)?.['id']),
  label: text(objectAt(fields, name)?.['refName']),
});
const idOf = (fields: Fields, name: string): string | null => text(objectAt(fields, name)?.['id']);
const currencyOf = (fields: Fields): string | null => text(objectAt(fields, 'currency')?.['refName']);

/** NetSuite's sales order status letters as the product reads them. */
export const NETSUITE_ORDER_STATUSES: Readonly<Record<string, string>> = {
  A: 'pending_approval',
  B: 'acknowledged',
  C: 'rejected',
  D: 'partially_fulfilled',
  E: 'partially_fulfilled',
  F: 'fulfilled',
  G: 'billed',
  H: 'closed',
};

export interface InvoiceFacts {
  /** NetSuite's status letter: A Open, B Paid In Full, V Voided. */
  statusId: string | null;
  total: number;
  amountPaid: number;
  amountRemaining: number;
  /** YYYY-MM-DD, or null. */
  dueDate: string | null;
  /** The record was never changed after it was created. */
  unchangedSinceCreated: boolean;
  /** YYYY-MM-DD of the change. */
  today: string;
}

/**
 * An invoice's state for the product. Voided and paid are final and win; an invoice with a balance past its due
 * date is overdue, whether or not part is paid (the amounts tell the part); else partly paid, just issued, or
 * changed.
 */
export function invoiceStatus(facts: InvoiceFacts): InvoiceStatusChanged['status'] {
  if (facts.statusId === 'V') return 'voided';
  if (facts.statusId === 'B' || (facts.total > 0 && facts.amountRemaining <= 0)) return 'paid';
  if (facts.dueDate !== null && facts.dueDate < facts.today && facts.amountRemaining > 0) return 'overdue';
  if (facts.amountPaid > 0) return 'partially_paid';
  return facts.unchangedSinceCreated ? 'issued' : 'changed';
}

const salesOrders: ErpEventFeed = {
  erpKind: 'netsuite',
  recordType: 'salesOrder',
  entityType: 'sales_order',
  references: () => [],
  toEvent(record, change) {
    const { id, label } = statusOf(record.fields);
    const status = id ? NETSUITE_ORDER_STATUSES[id] : undefined;
    if (!status) return { kind: 'none', reason: `sales order status ${id ?? '(none)'} is not one NetSuite has` };
    const value: SalesOrderStatusChanged = {
      change,
      status,
      erpOrderNumber: text(record.fields['tranId']),
      reason: status === 'rejected' || status === 'closed' ? (text(record.fields['memo']) ?? `${label ?? status} in NetSuite`) : null,
      erpStatus: label,
    };
    return { kind: 'event', subject: Subjects.SalesOrderStatusChanged, value };
  },
};

const invoices: ErpEventFeed = {
  erpKind: 'netsuite',
  recordType: 'invoice',
  entityType: 'invoice',
  references: () => [],
  toEvent(record, change, _productIdOf, today) {
    const { fields } = record;
    const { id, label } = statusOf(fields);
    const createdDate = text(fields['createdDate']);
    const status = invoiceStatus({
      statusId: id,
      total: Number(fields['total'] ?? 0),
      amountPaid: Number(fields['amountPaid'] ?? 0),
      amountRemaining: Number(fields['amountRemaining'] ?? 0),
      dueDate: text(fields['dueDate'])?.slice(0, 10) ?? null,
      unchangedSinceCreated: createdDate !== null && createdDate === record.lastModified,
      today,
    });
    const value: InvoiceStatusChanged = {
      change,
      status,
      invoiceNumber: text(fields['tranId']),
      currency: currencyOf(fields),
      total: decimal(fields['total']),
      amountPaid: decimal(fields['amountPaid']),
      balanceDue: decimal(fields['amountRemaining']),
      dueDate: text(fields['dueDate'])?.slice(0, 10) ?? null,
      erpStatus: label,
    };
    return { kind: 'event', subject: Subjects.InvoiceStatusChanged, value };
  },
};

const appliedInvoices = (record: ErpRecord) =>
  sublist(record.fields, 'apply').filter((line) => line['apply'] !== false && idOf(line, 'doc') !== null);

const payments: ErpEventFeed = {
  erpKind: 'netsuite',
  recordType: 'customerPayment',
  entityType: 'payment',
  references: (record) => [
    ...appliedInvoices(record).map((line) => ({ recordType: 'invoice', erpRecordId: idOf(line, 'doc')! })),
    ...(idOf(record.fields, 'customer') ? [{ recordType: 'customer', erpRecordId: idOf(record.fields, 'customer')! }] : []),
  ],
  toEvent(record, change, productIdOf) {
    const amount = decimal(record.fields['payment']);
    if (amount === null) return { kind: 'none', reason: 'the payment has no amount' };
    const customerErpRecordId = idOf(record.fields, 'customer');
    const value: PaymentApplied = {
      change,
      amount,
      currency: currencyOf(record.fields),
      paymentNumber: text(record.fields['tranId']),
      customerErpRecordId,
      customerProductId: customerErpRecordId ? (productIdOf({ recordType: 'customer', erpRecordId: customerErpRecordId }) ?? null) : null,
      applications: appliedInvoices(record).map((line) => {
        const invoiceErpRecordId = idOf(line, 'doc')!;
        return {
          invoiceErpRecordId,
          invoiceProductId: productIdOf({ recordType: 'invoice', erpRecordId: invoiceErpRecordId }) ?? null,
          amount: decimal(line['amount']) ?? '0',
        };
      }),
    };
    return { kind: 'event', subject: Subjects.PaymentApplied, value };
  },
};

const fulfilments: ErpEventFeed = {
  erpKind: 'netsuite',
  recordType: 'itemFulfillment',
  entityType: 'shipment',
  references: (record) => {
    const order = idOf(record.fields, 'createdFrom');
    return order ? [{ recordType: 'salesOrder', erpRecordId: order }] : [];
  },
  toEvent(record, change, productIdOf) {
    const { fields } = record;
    const { id } = statusOf(fields, 'shipStatus');
    // Picked (A) and packed (B) fulfilments have not left the warehouse: nothing the product acts on yet.
    if (id !== 'C') return { kind: 'none', reason: `item fulfilment status ${id ?? '(none)'} is not Shipped` };
    const orderErpRecordId = idOf(fields, 'createdFrom');
    const value: ShipmentShipped = {
      change,
      orderErpRecordId,
      orderProductId: orderErpRecordId ? (productIdOf({ recordType: 'salesOrder', erpRecordId: orderErpRecordId }) ?? null) : null,
      shipmentNumber: text(fields['tranId']),
      shipDate: text(fields['tranDate'])?.slice(0, 10) ?? null,
      carrier: text(objectAt(fields, 'shipMethod')?.['refName']),
      trackingNumbers: sublist(fields, 'package').flatMap((item) => text(item['packageTrackingNumber']) ?? []),
      lines: sublist(fields, 'item')
        .filter((line) => line['itemReceive'] !== false)
        .map((line) => ({
          sku: text(objectAt(line, 'item')?.['externalId']),
          erpItemId: idOf(line, 'item'),
          quantity: decimal(line['quantity']) ?? '0',
        })),
    };
    return { kind: 'event', subject: Subjects.ShipmentShipped, value };
  },
};

/** What inbound-sync reads from NetSuite for the product, in the order it polls them. */
export const NETSUITE_ERP_EVENT_FEEDS: readonly ErpEventFeed[] = [salesOrders, invoices, payments, fulfilments];
