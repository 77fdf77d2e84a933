import { parseStatusFile, parseStatusRow } from './status-file-format';

const file = (text: string) => Buffer.from(text, 'utf8');
const HEADER =
  'RECORD_TYPE,ERP_ID,EXTERNAL_ID,CHANGED_AT,STATUS,DOC_NO,REASON,CURRENCY,TOTAL,AMOUNT_PAID,BALANCE_DUE,DUE_DATE,AMOUNT,CUSTOMER_ID,APPLIED_TO,ORDER_ID,SHIP_DATE,CARRIER,TRACKING_NO,LINES';

describe('parseStatusRow: one row of a legacy ERP status export', () => {
  const row = (cells: Record<string, string>) => parseStatusRow({ CHANGED_AT: '2026-12-02T08:15:00+01:00', ERP_ID: 'L-1', ...cells }, 7);

  it.each([
    [
      'an acknowledged order',
      { RECORD_TYPE: 'ORDERS', STATUS: 'acknowledged', DOC_NO: 'SO-9' },
      { recordType: 'ORDERS', status: 'acknowledged', docNo: 'SO-9', reason: null, changedAt: '2026-12-02T07:15:00.000Z', line: 7 },
    ],
    [
      'a rejected order with its reason',
      { RECORD_TYPE: 'ORDERS', STATUS: 'REJECTED', REASON: 'credit hold' },
      { status: 'rejected', reason: 'credit hold' },
    ],
    [
      'a partly paid invoice with amounts and due date',
      {
        RECORD_TYPE: 'INVOICES',
        STATUS: 'PARTIALLY_PAID',
        CURRENCY: 'EUR',
        TOTAL: '1250.00',
        AMOUNT_PAID: '250',
        BALANCE_DUE: '1000.00',
        DUE_DATE: '2026-12-31',
      },
      { status: 'partially_paid', currency: 'EUR', total: '1250', amountPaid: '250', balanceDue: '1000', dueDate: '2026-12-31' },
    ],
    [
      'a payment applied to two invoices',
      { RECORD_TYPE: 'PAYMENTS', AMOUNT: '300', CUSTOMER_ID: 'C-1', APPLIED_TO: 'L-7:100; L-8:200' },
      {
        amount: '300',
        customerErpId: 'C-1',
        appliedTo: [
          { invoiceErpId: 'L-7', amount: '100' },
          { invoiceErpId: 'L-8', amount: '200' },
        ],
      },
    ],
    [
      'a shipment with tracking numbers and lines',
      {
        RECORD_TYPE: 'SHIPMENTS',
        ORDER_ID: 'L-3',
        CARRIER: 'DHL',
        TRACKING_NO: '1Z1;1Z2',
        LINES: 'SKU-1:2;SKU-2:1.5',
        SHIP_DATE: '2026-12-01',
      },
      {
        orderErpId: 'L-3',
        carrier: 'DHL',
        trackingNumbers: ['1Z1', '1Z2'],
        lines: [
          { sku: 'SKU-1', quantity: '2' },
          { sku: 'SKU-2', quantity: '1.5' },
        ],
        shipDate: '2026-12-01',
      },
    ],
  ])('reads %s', (_name, cells, expected) => {
    expect(row(cells)).toMatchObject(expected);
  });

  it.each([
    ['an unknown record type', { RECORD_TYPE: 'QUOTES' }, ['RECORD_TYPE "QUOTES" is not ORDERS, INVOICES, PAYMENTS or SHIPMENTS']],
    ['an order status the format does not have', { RECORD_TYPE: 'ORDERS', STATUS: 'LOST' }, [expect.stringContaining('STATUS "LOST"')]],
    ['a rejection without a reason', { RECORD_TYPE: 'ORDERS', STATUS: 'REJECTED' }, ['REASON is required when an order is REJECTED']],
    [
      'an invoice without a balance and a bad due date',
      { RECORD_TYPE: 'INVOICES', STATUS: 'ISSUED', DUE_DATE: '2026-02-30' },
      ['BALANCE_DUE is required for an invoice', 'DUE_DATE "2026-02-30" is not a date YYYY-MM-DD'],
    ],
    [
      'an invoice paid with a balance left',
      { RECORD_TYPE: 'INVOICES', STATUS: 'PAID', BALANCE_DUE: '10' },
      ['STATUS PAID with BALANCE_DUE 10: one of them is wrong'],
    ],
    ['a payment amount in words', { RECORD_TYPE: 'PAYMENTS', AMOUNT: 'ten' }, ['AMOUNT "ten" is not a decimal number (e.g. 1250.00)']],
    [
      'a payment application without an amount',
      { RECORD_TYPE: 'PAYMENTS', AMOUNT: '10', APPLIED_TO: 'L-7' },
      [expect.stringContaining('APPLIED_TO "L-7"')],
    ],
    ['a shipment without its order', { RECORD_TYPE: 'SHIPMENTS' }, ['ORDER_ID is required for a shipment']],
    [
      'a lower-case currency',
      { RECORD_TYPE: 'INVOICES', STATUS: 'ISSUED', BALANCE_DUE: '1', CURRENCY: 'eur' },
      ['CURRENCY "eur" is not an ISO 4217 code'],
    ],
    [
      'a change time without a zone, and no ERP id',
      { RECORD_TYPE: 'ORDERS', STATUS: 'ACKNOWLEDGED', CHANGED_AT: '2026-12-02 08:15', ERP_ID: '' },
      ['ERP_ID is required', expect.stringContaining('CHANGED_AT "2026-12-02 08:15" is not an ISO 8601 time with a zone')],
    ],
  ])('reports %s with every problem and the line', (_name, cells, problems) => {
    expect(row(cells)).toEqual({ line: 7, problems, cells: expect.any(Object) });
  });
});

describe('parseStatusFile: a whole export', () => {
  it.each([
    ['an empty file', '', 'the file is empty: a header row is required'],
    ['a header without ERP_ID', 'RECORD_TYPE,CHANGED_AT\nORDERS,2026-12-02T08:00:00Z\n', 'the header lacks ERP_ID'],
    [
      'a column the format does not know',
      'RECORD_TYPE,ERP_ID,CHANGED_AT,COLOUR\n',
      'the header has columns the format does not know: COLOUR',
    ],
    ['a repeated column', 'RECORD_TYPE,ERP_ID,CHANGED_AT,ERP_ID\n', 'the header repeats ERP_ID'],
    [
      'an unterminated quote',
      'RECORD_TYPE,ERP_ID,CHANGED_AT\n"ORDERS,L-1,2026-12-02T08:00:00Z\n',
      expect.stringContaining('not valid CSV'),
    ],
  ])('refuses %s as malformed', (_name, text, reason) => {
    expect(parseStatusFile(file(text))).toEqual({ kind: 'malformed', reason });
  });

  it('refuses a file that is not UTF-8, and one past the size cap, without parsing it', () => {
    expect(parseStatusFile(Buffer.from([0x52, 0xff, 0xfe, 0x0a]))).toEqual({ kind: 'malformed', reason: 'the file is not UTF-8 text' });
    expect(parseStatusFile(Buffer.alloc(5 * 1024 * 1024 + 1))).toMatchObject({ kind: 'malformed' });
  });

  it('keeps the good rows and parks each bad one with the line it is on (the header is line 1)', () => {
    const parsed = parseStatusFile(
      file(
        [
          HEADER,
          'ORDERS,L-1,,2026-12-02T08:00:00Z,ACKNOWLEDGED,SO-1,,,,,,,,,,,,,,',
          'ORDERS,L-2,,2026-12-02T08:00:00Z,REJECTED,SO-2,,,,,,,,,,,,,,',
          'INVOICES,L-3,ferry-inv-1,2026-12-02T08:00:00Z,PAID,INV-3,,EUR,100,100,0,2026-12-31,,,,,,,,',
          'ORDERS,L-4,too,few',
          '',
        ].join('\r\n'),
      ),
    );
    expect(parsed).toMatchObject({
      kind: 'parsed',
      rows: [
        { line: 2, erpRecordId: 'L-1', status: 'acknowledged' },
        { line: 4, erpRecordId: 'L-3', status: 'paid', externalId: 'ferry-inv-1' },
      ],
      badRows: [
        { line: 3, problems: ['REASON is required when an order is REJECTED'] },
        { line: 5, problems: ['the row has 4 cells, the header 20'] },
      ],
    });
  });

  it('reads columns in any order, a byte-order mark and lower-case header names', () => {
    const parsed = parseStatusFile(file('\uFEFFchanged_at,erp_id,record_type,status\n2026-12-02T08:00:00Z,L-9,ORDERS,BILLED\n'));
    expect(parsed).toMatchObject({ kind: 'parsed', rows: [{ erpRecordId: 'L-9', status: 'billed', line: 2 }], badRows: [] });
  });
});
