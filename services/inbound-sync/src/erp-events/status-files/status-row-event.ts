import {
  Subjects,
  type InvoiceStatusChanged,
  type PaymentApplied,
  type SalesOrderStatusChanged,
  type ShipmentShipped,
} from '@ferry/contracts';
import type { InboundSource } from '../../sync/inbound-change-mapper';
import { erpChangeOf } from '../erp-event-feeds';
import type { ErpReference, ProductIdOf } from '../netsuite-erp-events';
import type { StatusRow } from './status-file-format';

/** The canonical entity type (middle of the Kafka key) of each status file record type. */
export const STATUS_ROW_ENTITY_TYPES: Readonly<Record<StatusRow['recordType'], string>> = {
  ORDERS: 'sales_order',
  INVOICES: 'invoice',
  PAYMENTS: 'payment',
  SHIPMENTS: 'shipment',
};

/**
 * The ERP's record type names, as the connection's template delivers them (and Ferry's books of delivered
 * records know them): the legacy ERP's tables, or the webhook template's record types.
 */
export interface RecordTypeNames {
  ORDERS: string;
  INVOICES: string;
  PAYMENTS: string;
  SHIPMENTS: string;
  CUSTOMERS: string;
}
export const CSV_SFTP_RECORD_TYPES: RecordTypeNames = {
  ORDERS: 'ORDERS',
  INVOICES: 'INVOICES',
  PAYMENTS: 'PAYMENTS',
  SHIPMENTS: 'SHIPMENTS',
  CUSTOMERS: 'CUSTOMERS',
};

/** The records a row refers to, whose product ids its event carries: looked up for a whole file at once. */
export function statusRowReferences(row: StatusRow, names: RecordTypeNames = CSV_SFTP_RECORD_TYPES): ErpReference[] {
  const self = { recordType: names[row.recordType], erpRecordId: row.erpRecordId };
  switch (row.recordType) {
    case 'ORDERS':
    case 'INVOICES':
      return [self];
    case 'PAYMENTS':
      return [
        self,
        ...row.appliedTo.map((application) => ({ recordType: names.INVOICES, erpRecordId: application.invoiceErpId })),
        ...(row.customerErpId ? [{ recordType: names.CUSTOMERS, erpRecordId: row.customerErpId }] : []),
      ];
    case 'SHIPMENTS':
      return [self, { recordType: names.ORDERS, erpRecordId: row.orderErpId }];
  }
}

export interface StatusRowEvent {
  entityType: string;
  subject: string;
  value: SalesOrderStatusChanged | InvoiceStatusChanged | PaymentApplied | ShipmentShipped;
}

/**
 * One status row as its ERP → product event. The header's event id is a hash of tenant, connection, record
 * type, ERP id and CHANGED_AT: the same row in a file read again (or exported again in another file) has the
 * same id, so the product drops the repeat.
 */
export function statusRowEvent(
  connection: Omit<InboundSource, 'recordType'>,
  row: StatusRow,
  productIdOf: ProductIdOf,
  readAt: number,
  names: RecordTypeNames = CSV_SFTP_RECORD_TYPES,
): StatusRowEvent {
  const source: InboundSource = { ...connection, recordType: names[row.recordType] };
  const change = erpChangeOf(
    source,
    { erpRecordId: row.erpRecordId, externalId: row.externalId, fields: {}, lastModified: row.changedAt },
    productIdOf({ recordType: names[row.recordType], erpRecordId: row.erpRecordId }),
    readAt,
  );
  const entityType = STATUS_ROW_ENTITY_TYPES[row.recordType];
  switch (row.recordType) {
    case 'ORDERS':
      return {
        entityType,
        subject: Subjects.SalesOrderStatusChanged,
        value: { change, status: row.status, erpOrderNumber: row.docNo, reason: row.reason, erpStatus: row.status.toUpperCase() },
      };
    case 'INVOICES':
      return {
        entityType,
        subject: Subjects.InvoiceStatusChanged,
        value: {
          change,
          status: row.status,
          invoiceNumber: row.docNo,
          currency: row.currency,
          total: row.total,
          amountPaid: row.amountPaid,
          balanceDue: row.balanceDue,
          dueDate: row.dueDate,
          erpStatus: row.status.toUpperCase(),
        },
      };
    case 'PAYMENTS':
      return {
        entityType,
        subject: Subjects.PaymentApplied,
        value: {
          change,
          amount: row.amount,
          currency: row.currency,
          paymentNumber: row.docNo,
          customerErpRecordId: row.customerErpId,
          customerProductId: row.customerErpId
            ? (productIdOf({ recordType: names.CUSTOMERS, erpRecordId: row.customerErpId }) ?? null)
            : null,
          applications: row.appliedTo.map((application) => ({
            invoiceErpRecordId: application.invoiceErpId,
            invoiceProductId: productIdOf({ recordType: names.INVOICES, erpRecordId: application.invoiceErpId }) ?? null,
            amount: application.amount,
          })),
        },
      };
    case 'SHIPMENTS':
      return {
        entityType,
        subject: Subjects.ShipmentShipped,
        value: {
          change,
          orderErpRecordId: row.orderErpId,
          orderProductId: productIdOf({ recordType: names.ORDERS, erpRecordId: row.orderErpId }) ?? null,
          shipmentNumber: row.docNo,
          shipDate: row.shipDate,
          carrier: row.carrier,
          trackingNumbers: row.trackingNumbers,
          lines: row.lines.map((line) => ({ sku: line.sku, erpItemId: null, quantity: line.quantity })),
        },
      };
  }
}
