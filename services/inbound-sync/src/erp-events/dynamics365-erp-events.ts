import { Subjects, type InvoiceStatusChanged, type SalesOrderStatusChanged } from '@ferry/contracts';
import type { ErpEventFeed } from './netsuite-erp-events';

type Fields = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const decimal = (value: unknown): string | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? String(Math.round(number * 100) / 100) : null;
};
const code = (fields: Fields, name: string): number | null => (typeof fields[name] === 'number' ? (fields[name] as number) : null);

/** Dataverse sales order statecode / statuscode as the product reads them (Dynamics 365 Sales). */
export function dataverseOrderStatus(statecode: number | null, statuscode: number | null): SalesOrderStatusChanged['status'] | undefined {
  switch (statecode) {
    case 0: // Active: the ERP holds the order (New, Pending)
    case 1: // Submitted (In Progress)
      return 'acknowledged';
    case 2: // Canceled (No Money)
      return 'rejected';
    case 3: // Fulfilled: Complete (100001) or Partial (100002)
      return statuscode === 100002 ? 'partially_fulfilled' : 'fulfilled';
    case 4: // Invoiced
      return 'billed';
    case null:
    default:
      return undefined;
  }
}

/**
 * A Dataverse invoice's state for the product: Paid (statecode 2) in part (statuscode 100002) or in full,
 * Canceled (3) is voided, an Active one past its due date overdue, Active / New (statuscode 1) issued, else
 * changed. Dynamics 365 Sales keeps no amount paid on an invoice: a part payment's amounts are unknown (null).
 */
export function dataverseInvoiceStatus(
  statecode: number | null,
  statuscode: number | null,
  dueDate: string | null,
  today: string,
): InvoiceStatusChanged['status'] | undefined {
  switch (statecode) {
    case 2:
      return statuscode === 100002 ? 'partially_paid' : 'paid';
    case 3:
      return 'voided';
    case 0:
    case 1:
      if (dueDate !== null && dueDate < today) return 'overdue';
      return statuscode === 1 ? 'issued' : 'changed';
    case null:
    default:
      return undefined;
  }
}

const salesOrders: ErpEventFeed = {
  erpKind: 'dynamics365',
  recordType: 'salesorders',
  entityType: 'sales_order',
  references: () => [],
  toEvent(record, change) {
    const statecode = code(record.fields, 'statecode');
    const status = dataverseOrderStatus(statecode, code(record.fields, 'statuscode'));
    if (!status) return { kind: 'none', reason: `sales order statecode ${String(statecode)} is not one Dataverse has` };
    const value: SalesOrderStatusChanged = {
      change,
      status,
      erpOrderNumber: text(record.fields['ordernumber']),
      reason: status === 'rejected' ? (text(record.fields['description']) ?? 'Canceled in Dynamics 365') : null,
      erpStatus: `statecode ${String(statecode)}, statuscode ${String(code(record.fields, 'statuscode'))}`,
    };
    return { kind: 'event', subject: Subjects.SalesOrderStatusChanged, value };
  },
};

const invoices: ErpEventFeed = {
  erpKind: 'dynamics365',
  recordType: 'invoices',
  entityType: 'invoice',
  references: () => [],
  toEvent(record, change, _productIdOf, today) {
    const { fields } = record;
    const statecode = code(fields, 'statecode');
    const dueDate = text(fields['duedate'])?.slice(0, 10) ?? null;
    const status = dataverseInvoiceStatus(statecode, code(fields, 'statuscode'), dueDate, today);
    if (!status) return { kind: 'none', reason: `invoice statecode ${String(statecode)} is not one Dataverse has` };
    const total = decimal(fields['totalamount']);
    const value: InvoiceStatusChanged = {
      change,
      status,
      invoiceNumber: text(fields['invoicenumber']),
      currency: null,
      total,
      amountPaid: status === 'paid' ? total : null,
      balanceDue: status === 'paid' || status === 'voided' ? '0' : status === 'partially_paid' ? null : total,
      dueDate,
      erpStatus: `statecode ${String(statecode)}, statuscode ${String(code(fields, 'statuscode'))}`,
    };
    return { kind: 'event', subject: Subjects.InvoiceStatusChanged, value };
  },
};

/**
 * What inbound-sync reads from Dataverse for the product (`modifiedon ge …`). Dynamics 365 Sales has no
 * shipment record (Supply Chain Management does, on another API), and Ferry's payment table (msdyn_payments)
 * names no invoice: no shipment or payment events from Dynamics.
 */
export const DYNAMICS365_ERP_EVENT_FEEDS: readonly ErpEventFeed[] = [salesOrders, invoices];
