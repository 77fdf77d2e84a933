import { Subjects, type InvoiceStatusChanged, type SalesOrderStatusChanged, type ShipmentShipped } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import type { ErpEventFeed } from './netsuite-erp-events';

type Fields = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const decimal = (value: unknown): string | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? String(Math.round(number * 100) / 100) : null;
};
const items = (fields: Fields, name: string): Fields[] => {
  const value = fields[name];
  return Array.isArray(value) ? value.filter((item): item is Fields => Boolean(item) && typeof item === 'object') : [];
};
/** An OData V2 date (`/Date(ms)/` or ISO) as YYYY-MM-DD. */
const isoDate = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const ms = /^\/Date\((-?\d+)/.exec(value)?.[1];
  const at = ms !== undefined ? Number(ms) : Date.parse(value);
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : null;
};

/** S/4's sales order statuses (A not yet processed, B partially, C completely) as the product reads them. */
export interface SapOrderStatuses {
  OverallSDProcessStatus: string | null;
  OverallTotalDeliveryStatus: string | null;
  OverallOrdReltdBillgStatus: string | null;
  OverallSDDocumentRejectionSts: string | null;
}

/**
 * Rejected in full wins (every item has a reason for rejection); then billed, delivered in full or in part;
 * an order S/4 holds and has not moved on is acknowledged; completed without any of that is closed.
 */
export function sapOrderStatus(statuses: SapOrderStatuses): SalesOrderStatusChanged['status'] | undefined {
  if (statuses.OverallSDDocumentRejectionSts === 'C') return 'rejected';
  if (statuses.OverallOrdReltdBillgStatus === 'C') return 'billed';
  if (statuses.OverallTotalDeliveryStatus === 'C') return 'fulfilled';
  if (statuses.OverallTotalDeliveryStatus === 'B') return 'partially_fulfilled';
  switch (statuses.OverallSDProcessStatus) {
    case 'A':
    case 'B':
      return 'acknowledged';
    case 'C':
      return 'closed';
    case null:
    default:
      return undefined;
  }
}

/**
 * A billing document's state for the product: cancelled is voided; else its clearing in Financial Accounting
 * (C cleared: paid, B partially cleared: partly paid, A not cleared: issued). S/4's billing document has no due
 * date and no amount paid (both live in Financial Accounting): never overdue here, and a part payment's amounts
 * are unknown (null).
 */
export function sapInvoiceStatus(cancelled: boolean, clearingStatus: string | null): InvoiceStatusChanged['status'] | undefined {
  if (cancelled) return 'voided';
  switch (clearingStatus) {
    case 'C':
      return 'paid';
    case 'B':
      return 'partially_paid';
    case 'A':
    case null:
      return 'issued';
    default:
      return undefined;
  }
}

const orderStatuses = (fields: Fields): SapOrderStatuses => ({
  OverallSDProcessStatus: text(fields['OverallSDProcessStatus']),
  OverallTotalDeliveryStatus: text(fields['OverallTotalDeliveryStatus']),
  OverallOrdReltdBillgStatus: text(fields['OverallOrdReltdBillgStatus']),
  OverallSDDocumentRejectionSts: text(fields['OverallSDDocumentRejectionSts']),
});

const salesOrders: ErpEventFeed = {
  erpKind: 'sap_s4',
  recordType: 'A_SalesOrder',
  entityType: 'sales_order',
  references: () => [],
  toEvent(record, change) {
    const statuses = orderStatuses(record.fields);
    const status = sapOrderStatus(statuses);
    if (!status) return { kind: 'none', reason: `sales order status ${String(statuses.OverallSDProcessStatus)} is not one S/4 has` };
    const value: SalesOrderStatusChanged = {
      change,
      status,
      erpOrderNumber: record.erpRecordId,
      reason: status === 'rejected' ? 'Rejected in SAP S/4HANA (reason for rejection on every item)' : null,
      erpStatus: `OverallSDProcessStatus ${String(statuses.OverallSDProcessStatus)}, delivery ${String(
        statuses.OverallTotalDeliveryStatus,
      )}, billing ${String(statuses.OverallOrdReltdBillgStatus)}, rejection ${String(statuses.OverallSDDocumentRejectionSts)}`,
    };
    return { kind: 'event', subject: Subjects.SalesOrderStatusChanged, value };
  },
};

/** The sales order a billing document bills: its items' SalesDocument (one order per document here). */
const billedOrder = (record: ErpRecord): string | null =>
  items(record.fields, 'to_Item')
    .map((item) => text(item['SalesDocument']))
    .find((order) => order !== null) ?? null;

const billingDocuments: ErpEventFeed = {
  erpKind: 'sap_s4',
  recordType: 'A_BillingDocument',
  entityType: 'invoice',
  references: (record) => {
    const order = billedOrder(record);
    return order ? [{ recordType: 'A_SalesOrder', erpRecordId: order }] : [];
  },
  toEvent(record, change, productIdOf) {
    const { fields } = record;
    const clearing = text(fields['InvoiceClearingStatus']);
    const status = sapInvoiceStatus(fields['BillingDocumentIsCancelled'] === true, clearing);
    if (!status) return { kind: 'none', reason: `invoice clearing status ${String(clearing)} is not one S/4 has` };
    const total = decimal(fields['TotalGrossAmount']);
    const orderErpRecordId = billedOrder(record);
    const value: InvoiceStatusChanged = {
      change,
      status,
      invoiceNumber: record.erpRecordId,
      currency: text(fields['TransactionCurrency']),
      total,
      amountPaid: status === 'paid' ? total : status === 'issued' ? '0' : null,
      balanceDue: status === 'paid' || status === 'voided' ? '0' : status === 'issued' ? total : null,
      dueDate: null,
      erpStatus: `InvoiceClearingStatus ${String(clearing)}${fields['BillingDocumentIsCancelled'] === true ? ', cancelled' : ''}`,
      orderErpRecordId,
      orderProductId: orderErpRecordId ? (productIdOf({ recordType: 'A_SalesOrder', erpRecordId: orderErpRecordId }) ?? null) : null,
    };
    return { kind: 'event', subject: Subjects.InvoiceStatusChanged, value };
  },
};

const deliveredOrder = (record: ErpRecord): string | null =>
  items(record.fields, 'to_DeliveryDocumentItem')
    .map((item) => text(item['ReferenceSDDocument']))
    .find((order) => order !== null) ?? null;

const deliveries: ErpEventFeed = {
  erpKind: 'sap_s4',
  recordType: 'A_OutbDeliveryHeader',
  entityType: 'shipment',
  references: (record) => {
    const order = deliveredOrder(record);
    return order ? [{ recordType: 'A_SalesOrder', erpRecordId: order }] : [];
  },
  toEvent(record, change, productIdOf) {
    const { fields } = record;
    const goodsMovement = text(fields['OverallGoodsMovementStatus']);
    // Before the goods issue (A) nothing has left the warehouse; a partial goods issue (B) is not one S/4 posts
    // for a delivery as a whole.
    if (goodsMovement !== 'C')
      return { kind: 'none', reason: `delivery goods movement status ${String(goodsMovement)} is not C (goods issued)` };
    const orderErpRecordId = deliveredOrder(record);
    const billOfLading = text(fields['BillOfLading']);
    const value: ShipmentShipped = {
      change,
      orderErpRecordId,
      orderProductId: orderErpRecordId ? (productIdOf({ recordType: 'A_SalesOrder', erpRecordId: orderErpRecordId }) ?? null) : null,
      shipmentNumber: record.erpRecordId,
      shipDate: isoDate(fields['ActualGoodsMovementDate']),
      // The forwarding agent is a partner of the delivery (function SP), not a header field: not read.
      carrier: null,
      trackingNumbers: billOfLading ? [billOfLading] : [],
      lines: items(fields, 'to_DeliveryDocumentItem').map((item) => ({
        sku: text(item['Material']),
        erpItemId: text(item['Material']),
        quantity: decimal(item['ActualDeliveryQuantity']) ?? '0',
      })),
    };
    return { kind: 'event', subject: Subjects.ShipmentShipped, value };
  },
};

/**
 * What inbound-sync reads from S/4HANA for the product (`$filter=LastChangeDateTime ge …`; deliveries by their
 * LastChangeDate). Payments are clearings in Financial Accounting, not an API_*_SRV document: they show as the
 * billing document's clearing status, not as PaymentApplied events.
 */
export const SAP_S4_ERP_EVENT_FEEDS: readonly ErpEventFeed[] = [salesOrders, billingDocuments, deliveries];
