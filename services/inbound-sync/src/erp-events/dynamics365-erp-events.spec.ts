import type { ErpChange } from '@ferry/contracts';
import { DYNAMICS365_ERP_EVENT_FEEDS, dataverseInvoiceStatus, dataverseOrderStatus } from './dynamics365-erp-events';

const feed = (recordType: string) => DYNAMICS365_ERP_EVENT_FEEDS.find((candidate) => candidate.recordType === recordType)!;
const record = (fields: Record<string, unknown>) => ({
  erpRecordId: 'guid-1',
  externalId: null,
  fields,
  lastModified: '2026-03-01T10:00:00Z',
});

describe('Dataverse records as ERP → product events', () => {
  it.each([
    [0, 1, 'acknowledged'],
    [1, 3, 'acknowledged'],
    [2, 4, 'rejected'],
    [3, 100001, 'fulfilled'],
    [3, 100002, 'partially_fulfilled'],
    [4, 100003, 'billed'],
    [9, 1, undefined],
  ])('order statecode %s statuscode %s → %s', (statecode, statuscode, status) => {
    expect(dataverseOrderStatus(statecode, statuscode)).toBe(status);
  });

  it.each([
    [0, 1, null, 'issued'],
    [0, 4, null, 'changed'],
    [0, 1, '2026-02-28', 'overdue'],
    [2, 100001, '2026-02-28', 'paid'],
    [2, 100002, null, 'partially_paid'],
    [3, 100003, null, 'voided'],
    [7, 1, null, undefined],
  ])('invoice statecode %s statuscode %s due %s → %s', (statecode, statuscode, dueDate, status) => {
    expect(dataverseInvoiceStatus(statecode, statuscode, dueDate, '2026-03-01')).toBe(status);
  });

  it('carries a paid invoice’s number and total, nothing left to pay', () => {
    expect(
      feed('invoices').toEvent(
        record({ statecode: 2, statuscode: 100001, invoicenumber: 'INV-01001', totalamount: 250 }),
        {} as ErpChange,
        () => undefined,
        '2026-03-01',
      ),
    ).toMatchObject({
      kind: 'event',
      subject: 'io.ferry.erp.v1.InvoiceStatusChanged',
      value: { status: 'paid', invoiceNumber: 'INV-01001', total: '250', amountPaid: '250', balanceDue: '0' },
    });
  });

  it('does not invent the amounts of a part payment Dataverse does not keep', () => {
    expect(
      feed('invoices').toEvent(
        record({ statecode: 2, statuscode: 100002, totalamount: 250 }),
        {} as ErpChange,
        () => undefined,
        '2026-03-01',
      ),
    ).toMatchObject({
      value: { status: 'partially_paid', total: '250', amountPaid: null, balanceDue: null },
    });
  });

  it('acknowledges an order with its Dataverse order number', () => {
    expect(
      feed('salesorders').toEvent(
        record({ statecode: 0, statuscode: 1, ordernumber: 'ORD-01002' }),
        {} as ErpChange,
        () => undefined,
        '2026-03-01',
      ),
    ).toMatchObject({
      value: { status: 'acknowledged', erpOrderNumber: 'ORD-01002' },
    });
  });
});
