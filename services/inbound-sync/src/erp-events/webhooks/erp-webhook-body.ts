import { z } from 'zod';
import { INVOICE_STATUSES, ORDER_STATUSES, type StatusRow } from '../status-files/status-file-format';
import type { RecordTypeNames } from '../status-files/status-row-event';

/** The webhook template's record types: what Ferry's books of delivered records know a webhook connection's records by. */
export const WEBHOOK_RECORD_TYPES: RecordTypeNames = {
  ORDERS: 'order',
  INVOICES: 'invoice',
  PAYMENTS: 'payment',
  SHIPMENTS: 'shipment',
  CUSTOMERS: 'customer',
};

/** At most this many events in one delivery: larger batches are split by the sender. */
export const MAX_WEBHOOK_EVENTS = 100;

const id = z.string().min(1).max(200);
const optionalText = (max: number) => z.string().min(1).max(max).nullish();
const decimal = z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, 'a decimal number as a string, e.g. "1250.00"');
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date');
const header = {
  erpRecordId: id,
  externalId: optionalText(200),
  /** When the ERP changed the record: its own clock, with a zone. */
  changedAt: z.string().datetime({ offset: true, message: 'an ISO 8601 time with a zone, e.g. 2026-12-02T08:15:00Z' }),
};
const lower = <T extends readonly string[]>(values: T) => values.map((value) => value.toLowerCase()) as [string, ...string[]];

const salesOrder = z
  .object({
    type: z.literal('SalesOrderStatusChanged'),
    ...header,
    status: z.enum(lower(ORDER_STATUSES)),
    erpOrderNumber: optionalText(100),
    reason: optionalText(1000),
  })
  .strict();
const invoice = z
  .object({
    type: z.literal('InvoiceStatusChanged'),
    ...header,
    status: z.enum(lower(INVOICE_STATUSES)),
    invoiceNumber: optionalText(100),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
      .nullish(),
    total: decimal.nullish(),
    amountPaid: decimal.nullish(),
    balanceDue: decimal,
    dueDate: date.nullish(),
  })
  .strict();
const payment = z
  .object({
    type: z.literal('PaymentApplied'),
    ...header,
    amount: decimal,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
      .nullish(),
    paymentNumber: optionalText(100),
    customerErpRecordId: optionalText(200),
    applications: z
      .array(z.object({ invoiceErpRecordId: id, amount: decimal }).strict())
      .max(1000)
      .default([]),
  })
  .strict();
const shipment = z
  .object({
    type: z.literal('ShipmentShipped'),
    ...header,
    orderErpRecordId: id,
    shipmentNumber: optionalText(100),
    shipDate: date.nullish(),
    carrier: optionalText(100),
    trackingNumbers: z.array(z.string().min(1).max(100)).max(100).default([]),
    lines: z
      .array(z.object({ sku: z.string().min(1).max(200), quantity: decimal }).strict())
      .max(1000)
      .default([]),
  })
  .strict();

/**
 * A signed ERP webhook delivery: `{"events": [...]}`, each event one of the four ERP → product event types, with
 * the ERP's record id and change time (docs/erps.md#erp-webhooks). Unknown fields are refused, so a
 * misspelt field is a 400 instead of a silently missing value.
 */
export const erpWebhookBody = z
  .object({
    events: z
      .array(z.discriminatedUnion('type', [salesOrder, invoice, payment, shipment]))
      .min(1)
      .max(MAX_WEBHOOK_EVENTS),
  })
  .strict()
  .superRefine((body, context) =>
    body.events.forEach((event, index) => {
      if (event.type === 'SalesOrderStatusChanged' && event.status === 'rejected' && !event.reason)
        context.addIssue({ code: z.ZodIssueCode.custom, path: ['events', index, 'reason'], message: 'required when status is rejected' });
    }),
  );
export type ErpWebhookBody = z.output<typeof erpWebhookBody>;
type WebhookEvent = ErpWebhookBody['events'][number];

/** The events as status rows (`line`: the event's position, from 1), so both return paths map them one way. */
export function webhookStatusRows(body: ErpWebhookBody): StatusRow[] {
  return body.events.map((event, index) => toRow(event, index + 1));
}

function toRow(event: WebhookEvent, line: number): StatusRow {
  const base = {
    line,
    erpRecordId: event.erpRecordId,
    externalId: event.externalId ?? null,
    changedAt: new Date(event.changedAt).toISOString(),
  };
  switch (event.type) {
    case 'SalesOrderStatusChanged':
      return {
        ...base,
        recordType: 'ORDERS',
        docNo: event.erpOrderNumber ?? null,
        status: event.status as Extract<StatusRow, { recordType: 'ORDERS' }>['status'],
        reason: event.reason ?? null,
      };
    case 'InvoiceStatusChanged':
      return {
        ...base,
        recordType: 'INVOICES',
        docNo: event.invoiceNumber ?? null,
        status: event.status as Extract<StatusRow, { recordType: 'INVOICES' }>['status'],
        currency: event.currency ?? null,
        total: event.total == null ? null : String(Number(event.total)),
        amountPaid: event.amountPaid == null ? null : String(Number(event.amountPaid)),
        balanceDue: String(Number(event.balanceDue)),
        dueDate: event.dueDate ?? null,
      };
    case 'PaymentApplied':
      return {
        ...base,
        recordType: 'PAYMENTS',
        docNo: event.paymentNumber ?? null,
        amount: String(Number(event.amount)),
        currency: event.currency ?? null,
        customerErpId: event.customerErpRecordId ?? null,
        appliedTo: event.applications.map((application) => ({
          invoiceErpId: application.invoiceErpRecordId,
          amount: String(Number(application.amount)),
        })),
      };
    case 'ShipmentShipped':
      return {
        ...base,
        recordType: 'SHIPMENTS',
        docNo: event.shipmentNumber ?? null,
        orderErpId: event.orderErpRecordId,
        shipDate: event.shipDate ?? null,
        carrier: event.carrier ?? null,
        trackingNumbers: event.trackingNumbers,
        lines: event.lines.map((item) => ({ sku: item.sku, quantity: String(Number(item.quantity)) })),
      };
  }
}
