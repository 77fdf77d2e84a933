import type { S4System } from './sap-s4-simulator';

type Row = Record<string, unknown>;

/** The simulator's pricing: every unit at this net price (S/4 prices from condition records). */
export const LIST_PRICE = 10;

/** A step the order's state does not allow: answered 409 by the admin API. */
export class S4StateError extends Error {}

const items = (row: Row, name: string): Row[] => (Array.isArray(row[name]) ? (row[name] as Row[]) : []);
const amount = (value: number) => String(Math.round(value * 100) / 100);

/** What S/4 sets on a new sales order: nothing delivered, billed or rejected yet, priced at the list price. */
export function newSalesOrderStatus(order: Row): Row {
  const quantity = items(order, 'to_Item').reduce((sum, item) => sum + (Number(item['RequestedQuantity']) || 0), 0);
  return {
    TotalNetAmount: amount(quantity * LIST_PRICE),
    OverallSDProcessStatus: 'A',
    OverallTotalDeliveryStatus: 'A',
    OverallOrdReltdBillgStatus: 'A',
    OverallSDDocumentRejectionSts: 'A',
  };
}

function order(system: S4System, salesOrder: string): Row {
  const row = system.table('A_SalesOrder').get(salesOrder);
  if (!row) throw new S4StateError(`sales order ${salesOrder} does not exist`);
  return row;
}

function processStatus(row: Row): string {
  if (row['OverallSDDocumentRejectionSts'] === 'C') return 'C';
  if (row['OverallTotalDeliveryStatus'] === 'C' && row['OverallOrdReltdBillgStatus'] === 'C') return 'C';
  return row['OverallTotalDeliveryStatus'] === 'A' && row['OverallOrdReltdBillgStatus'] === 'A' ? 'A' : 'B';
}

/**
 * The warehouse delivers the order in full and posts the goods issue: an outbound delivery (type LF) whose
 * items reference the order's, goods movement status C, the bill of lading as its tracking; the order is
 * completely delivered.
 */
export function deliverOrder(system: S4System, salesOrder: string, options: { billOfLading?: string; meansOfTransport?: string }): Row {
  const so = order(system, salesOrder);
  if (so['OverallSDDocumentRejectionSts'] === 'C') throw new S4StateError(`sales order ${salesOrder} is rejected`);
  if (so['OverallTotalDeliveryStatus'] === 'C') throw new S4StateError(`sales order ${salesOrder} is completely delivered`);
  const now = system.changeTimestamp();
  const deliveryDocument = system.nextNumber('A_OutbDeliveryHeader', 8, 80000000);
  const delivery: Row = {
    DeliveryDocument: deliveryDocument,
    DeliveryDocumentType: 'LF',
    SoldToParty: so['SoldToParty'],
    ShipToParty: so['SoldToParty'],
    ShippingPoint: '1710',
    BillOfLading: options.billOfLading ?? null,
    MeansOfTransport: options.meansOfTransport ?? null,
    OverallPickingStatus: 'C',
    OverallGoodsMovementStatus: 'C',
    OverallSDProcessStatus: 'B',
    ActualGoodsMovementDate: `${now.slice(0, 10)}T00:00:00Z`,
    ActualGoodsMovementTime: now.slice(11, 19),
    CreationDate: `${now.slice(0, 10)}T00:00:00Z`,
    LastChangeDate: `${now.slice(0, 10)}T00:00:00Z`,
    to_DeliveryDocumentItem: items(so, 'to_Item').map((item, index) => ({
      DeliveryDocument: deliveryDocument,
      DeliveryDocumentItem: String((index + 1) * 10).padStart(6, '0'),
      Material: item['Material'],
      ActualDeliveryQuantity: item['RequestedQuantity'],
      DeliveryQuantityUnit: 'PC',
      ReferenceSDDocument: salesOrder,
      ReferenceSDDocumentItem: item['SalesOrderItem'],
      GoodsMovementStatus: 'C',
    })),
  };
  system.table('A_OutbDeliveryHeader').set(deliveryDocument, delivery);
  so['OverallTotalDeliveryStatus'] = 'C';
  so['OverallSDProcessStatus'] = processStatus(so);
  so['LastChangeDateTime'] = now;
  return delivery;
}

/** Billing: an invoice (F2) for the whole order, posted to accounting and not cleared; the order is billed. */
export function billOrder(system: S4System, salesOrder: string): Row {
  const so = order(system, salesOrder);
  if (so['OverallSDDocumentRejectionSts'] === 'C') throw new S4StateError(`sales order ${salesOrder} is rejected`);
  if (so['OverallOrdReltdBillgStatus'] === 'C') throw new S4StateError(`sales order ${salesOrder} is completely billed`);
  const now = system.changeTimestamp();
  const billingDocument = system.nextNumber('A_BillingDocument', 8, 90000000);
  const net = Number(so['TotalNetAmount'] ?? 0);
  const document: Row = {
    BillingDocument: billingDocument,
    BillingDocumentType: 'F2',
    SoldToParty: so['SoldToParty'],
    BillingDocumentDate: now.slice(0, 10),
    TotalNetAmount: amount(net),
    TaxAmount: '0',
    TotalGrossAmount: amount(net),
    TransactionCurrency: so['TransactionCurrency'] ?? 'EUR',
    CustomerPaymentTerms: '0001',
    BillingDocumentIsCancelled: false,
    CancelledBillingDocument: null,
    OverallBillingStatus: 'C',
    AccountingPostingStatus: 'C',
    InvoiceClearingStatus: 'A',
    AccountingDocument: billingDocument,
    CreationDate: now.slice(0, 10),
    LastChangeDate: now.slice(0, 10),
    LastChangeDateTime: now,
    to_Item: items(so, 'to_Item').map((item, index) => ({
      BillingDocument: billingDocument,
      BillingDocumentItem: String((index + 1) * 10).padStart(6, '0'),
      Material: item['Material'],
      BillingQuantity: item['RequestedQuantity'],
      NetAmount: amount((Number(item['RequestedQuantity']) || 0) * LIST_PRICE),
      SalesDocument: salesOrder,
      SalesDocumentItem: item['SalesOrderItem'],
      ReferenceSDDocument: salesOrder,
      ReferenceSDDocumentItem: item['SalesOrderItem'],
    })),
  };
  system.table('A_BillingDocument').set(billingDocument, document);
  so['OverallOrdReltdBillgStatus'] = 'C';
  so['OverallSDProcessStatus'] = processStatus(so);
  so['LastChangeDateTime'] = now;
  return document;
}

/**
 * Finance posts an incoming payment against the invoice's receivable: cleared in full (C) once the payments
 * reach the gross amount, else partially (B). S/4's billing document shows only the clearing status; what was
 * paid lives in Financial Accounting, so the API answers no amount paid.
 */
export function clearBillingDocument(system: S4System, billingDocument: string, payment: number | undefined): Row {
  const document = system.table('A_BillingDocument').get(billingDocument);
  if (!document) throw new S4StateError(`billing document ${billingDocument} does not exist`);
  if (document['BillingDocumentIsCancelled'] === true) throw new S4StateError(`billing document ${billingDocument} is cancelled`);
  if (document['InvoiceClearingStatus'] === 'C') throw new S4StateError(`billing document ${billingDocument} is cleared`);
  const gross = Number(document['TotalGrossAmount'] ?? 0);
  const paid = (system.clearedAmounts.get(billingDocument) ?? 0) + (payment ?? gross);
  if (payment !== undefined && (!(payment > 0) || paid > gross + 1e-9))
    throw new S4StateError(`a payment of ${payment} does not fit the open amount of billing document ${billingDocument}`);
  system.clearedAmounts.set(billingDocument, paid);
  document['InvoiceClearingStatus'] = paid >= gross - 1e-9 ? 'C' : 'B';
  document['LastChangeDateTime'] = system.changeTimestamp();
  document['LastChangeDate'] = String(document['LastChangeDateTime']).slice(0, 10);
  return document;
}

/** Cancellation of an invoice (S/4 posts a cancellation document S1; the original shows it is cancelled). */
export function cancelBillingDocument(system: S4System, billingDocument: string): Row {
  const document = system.table('A_BillingDocument').get(billingDocument);
  if (!document) throw new S4StateError(`billing document ${billingDocument} does not exist`);
  if (document['BillingDocumentIsCancelled'] === true) throw new S4StateError(`billing document ${billingDocument} is cancelled`);
  if (document['InvoiceClearingStatus'] !== 'A') throw new S4StateError(`billing document ${billingDocument} is (partly) cleared`);
  document['BillingDocumentIsCancelled'] = true;
  document['CancelledBillingDocument'] = system.nextNumber('A_BillingDocument', 8, 90000000);
  document['LastChangeDateTime'] = system.changeTimestamp();
  document['LastChangeDate'] = String(document['LastChangeDateTime']).slice(0, 10);
  return document;
}

/** Sales rejects every item of the order (a reason for rejection on each): completely rejected. */
export function rejectOrder(system: S4System, salesOrder: string): Row {
  const so = order(system, salesOrder);
  if (so['OverallTotalDeliveryStatus'] !== 'A') throw new S4StateError(`sales order ${salesOrder} is (partly) delivered`);
  so['OverallSDDocumentRejectionSts'] = 'C';
  so['OverallSDProcessStatus'] = 'C';
  so['LastChangeDateTime'] = system.changeTimestamp();
  return so;
}

/**
 * One round of the system's background "team" (admin `activity` switch): shipping delivers the oldest order
 * not yet delivered, billing bills the oldest delivered order not yet billed, finance clears the oldest open
 * billing document in full. What it did, for the log.
 */
export function teamStep(system: S4System): string[] {
  const byKey = (key: string) => (a: Row, b: Row) => String(a[key]).localeCompare(String(b[key]));
  const live = [...system.table('A_SalesOrder').values()]
    .sort(byKey('SalesOrder'))
    .filter((so) => so['OverallSDDocumentRejectionSts'] !== 'C');
  // Chosen before anyone acts, so a document moves one step a round.
  const toDeliver = live.find((so) => so['OverallTotalDeliveryStatus'] === 'A');
  const toBill = live.find((so) => so['OverallTotalDeliveryStatus'] === 'C' && so['OverallOrdReltdBillgStatus'] === 'A');
  const toClear = [...system.table('A_BillingDocument').values()]
    .sort(byKey('BillingDocument'))
    .find((document) => document['BillingDocumentIsCancelled'] !== true && document['InvoiceClearingStatus'] !== 'C');
  const done: string[] = [];
  if (toDeliver) done.push(`delivered ${String(deliverOrder(system, String(toDeliver['SalesOrder']), {})['DeliveryDocument'])}`);
  if (toBill) done.push(`billed ${String(billOrder(system, String(toBill['SalesOrder']))['BillingDocument'])}`);
  if (toClear)
    done.push(`cleared ${String(clearBillingDocument(system, String(toClear['BillingDocument']), undefined)['BillingDocument'])}`);
  return done;
}
