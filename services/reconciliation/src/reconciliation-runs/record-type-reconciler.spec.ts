import type { ReconciliationFinding } from '@ferry/contracts';
import type { ErpConnectionContext, ErpConnector, ErpRecord } from '@ferry/erp-core';
import { canonicalReaderFor } from '@ferry/canonical-comparison';
import type { BookEntry } from '../delivered-records/delivered-record.repository';
import { compareKeys } from './streaming-merge';
import { reconcileUnit, type BooksReader, type UnitCounts, type UnitScope } from './record-type-reconciler';

const scope: UnitScope = { tenantId: 'acme', connectionId: 'd365', erpKind: 'dynamics365', recordType: 'accounts' };
const connection = { tenantId: 'acme', connectionId: 'd365' } as ErpConnectionContext;
const reader = canonicalReaderFor('dynamics365', 'accounts')!;
const written = new Map([
  ['name', 'customer.name'],
  ['emailaddress1', 'customer.email'],
]);
const deliveredAt = Date.parse('2026-11-20T10:00:00Z');

const book = (id: string, name: string, body = true): BookEntry => ({
  externalId: `ferry-${id}`,
  erpRecordId: `g-${id}`,
  entityVersion: 1,
  deliveredAt,
  body: body ? { customerId: id, name, email: `${id}@example.com` } : null,
});
const erpRecord = (id: string, name: string, lastModified = '2026-11-20T10:00:00Z'): ErpRecord => ({
  erpRecordId: `g-${id}`,
  externalId: `ferry-${id}`,
  fields: { name, emailaddress1: `${id.toUpperCase()}@EXAMPLE.COM ` },
  lastModified,
});

/** Ferry's books and the ERP for the cases below: one record per outcome. */
const booksSide = [
  book('a', 'Alpha'),
  book('b', 'Beta'),
  book('c', 'Gamma'),
  book('d', 'Delta'),
  book('e', 'Epsilon', false),
  book('f', 'Phi'),
];
const erpSide = [
  erpRecord('a', 'Alpha'), // in sync (e-mail differs only in case and spaces)
  erpRecord('b', 'Beta Renamed', '2026-11-21T08:00:00Z'), // edited after delivery
  erpRecord('c', 'Old Gamma', '2026-11-19T08:00:00Z'), // delivery never applied
  erpRecord('e', 'Epsilon'), // no canonical body in the books: not comparable
  erpRecord('f', 'Phi'), // in sync
  erpRecord('z', 'Zeta'), // only in the ERP
]; // d: only in the books

const books: BooksReader = {
  pageAfter: async (_scope, after, limit) =>
    booksSide.filter((entry) => after === undefined || compareKeys(entry.externalId, after) > 0).slice(0, limit),
  externalIdsOf: async () => new Map(),
  changedPageAfter: () => Promise.reject(new Error('not used')),
  entriesFor: () => Promise.reject(new Error('not used')),
};
const connector = {
  erpKind: 'dynamics365',
  upsert: () => Promise.reject(new Error('not used')),
  listRecords: async () => [...erpSide].reverse(),
} as ErpConnector;

async function run(pageSize: number, stopAfterBatches = Infinity, after?: string, counts?: UnitCounts) {
  const findings: ReconciliationFinding[] = [];
  const checkpoints: string[] = [];
  let lastCounts: UnitCounts | undefined;
  const result = await reconcileUnit(books, {
    runId: 'run-1',
    scope,
    connection,
    connector,
    reader,
    writtenErpFields: written,
    pageSize,
    clockSkewMs: 5_000,
    ...(after ? { afterExternalId: after } : {}),
    ...(counts ? { counts } : {}),
    onBatch: async (batch) => {
      findings.push(...batch.findings);
      checkpoints.push(batch.afterExternalId);
      lastCounts = batch.counts;
      return checkpoints.length < stopAfterBatches;
    },
  });
  return { result, findings, checkpoints, counts: lastCounts };
}

describe('reconcileUnit: a streaming merge of the books and the ERP finds each kind of drift once', () => {
  it.each([1, 2, 4, 100])('page size %p', async (pageSize) => {
    const { result, findings } = await run(pageSize);
    expect(findings.map((f) => [f.externalId, f.kind, f.cause])).toEqual([
      ['ferry-b', 'content_mismatch', 'erp_edited_after_delivery'],
      ['ferry-c', 'content_mismatch', 'delivery_never_applied'],
      ['ferry-d', 'missing_in_erp', 'missing_in_erp'],
      ['ferry-z', 'unknown_in_erp', 'unknown_in_erp'],
    ]);
    expect(findings[0]!.fieldDifferences).toEqual([{ field: 'name', ferryValue: 'Beta', erpValue: 'Beta Renamed' }]);
    expect(result).toEqual({
      readMode: 'whole_listing',
      counts: {
        booksRead: 6,
        erpRead: 6,
        compared: 4,
        inSync: 2,
        notComparable: 1,
        byCause: { missing_in_erp: 1, unknown_in_erp: 1, erp_edited_after_delivery: 1, delivery_never_applied: 1, undetermined: 0 },
      },
    });
  });

  it('stopped after a batch and resumed from its checkpoint, ends with the same findings (same ids) and counts as one go', async () => {
    const whole = await run(2);
    const first = await run(2, 1);
    expect(first.result).toBeUndefined();
    expect(first.checkpoints).toEqual(['ferry-b']);
    const carried = JSON.parse(JSON.stringify(first.counts)) as UnitCounts;
    const resumed = await run(2, Infinity, first.checkpoints[0], carried);
    expect([...first.findings, ...resumed.findings].map((f) => f.findingId)).toEqual(whole.findings.map((f) => f.findingId));
    expect(resumed.result).toEqual(whole.result);
  });
});

describe('reconcileUnit in an incremental window: reads only what changed on either side, finds drift in it', () => {
  const watermark = Date.parse('2026-11-22T00:00:00Z');
  const after = watermark + 60_000;
  const later = new Date(after + 1_000).toISOString();
  const deliveredBook = (id: string, name: string, at: number): BookEntry => ({ ...book(id, name), deliveredAt: at });
  /** The books: a, b untouched since the watermark; g, h, i delivered after it. */
  const allBooks = [
    deliveredBook('a', 'Alpha', deliveredAt),
    deliveredBook('b', 'Beta', deliveredAt),
    deliveredBook('g', 'Gamma 2', after),
    deliveredBook('h', 'Eta 2', after),
    deliveredBook('i', 'Iota', after),
  ];
  /** The ERP: a untouched; b edited after the watermark; g applied; h's delivery never applied; i not there; y new. */
  const allErp = [
    erpRecord('a', 'Alpha'),
    erpRecord('b', 'Beta Renamed', later),
    erpRecord('g', 'Gamma 2', new Date(after).toISOString()),
    erpRecord('h', 'Eta', '2026-11-20T10:00:00Z'),
    erpRecord('y', 'Ypsilon', later),
  ];

  it.each([1, 2, 100])('page size %p: no untouched record is read; each kind of drift found once', async (pageSize) => {
    const erpListed: string[] = [];
    const lookedUp: string[] = [];
    const windowBooks: BooksReader = {
      pageAfter: () => Promise.reject(new Error('a window reads only what changed')),
      externalIdsOf: async () => new Map(),
      changedPageAfter: async (_scope, from, changedAfter, limit) =>
        allBooks
          .filter((entry) => entry.deliveredAt > changedAfter && (from === undefined || compareKeys(entry.externalId, from) > 0))
          .slice(0, limit),
      entriesFor: async (_scope, ids) => new Map(allBooks.filter((entry) => ids.includes(entry.externalId)).map((e) => [e.externalId, e])),
    };
    const windowConnector = {
      erpKind: 'dynamics365',
      changeCursor: 'modifiedon',
      upsert: () => Promise.reject(new Error('not used')),
      listRecords: () => Promise.reject(new Error('not used')),
      lookup: async (_connection: ErpConnectionContext, _type: string, externalId: string) => {
        lookedUp.push(externalId);
        return allErp.find((record) => record.externalId === externalId);
      },
      async *readInExternalIdOrder(
        _connection: ErpConnectionContext,
        _type: string,
        paging: { afterExternalId?: string; pageSize: number; changedSince?: string },
      ) {
        let from = paging.afterExternalId;
        for (;;) {
          const page = allErp
            .filter((record) => Date.parse(record.lastModified!) >= Date.parse(paging.changedSince!))
            .filter((record) => from === undefined || compareKeys(record.externalId!, from) > 0)
            .slice(0, paging.pageSize);
          if (page.length === 0) return;
          erpListed.push(...page.map((record) => record.externalId!));
          yield page;
          from = page[page.length - 1]!.externalId!;
        }
      },
    } as ErpConnector;
    const findings: ReconciliationFinding[] = [];
    const result = await reconcileUnit(windowBooks, {
      runId: 'run-2',
      scope,
      connection,
      connector: windowConnector,
      reader,
      writtenErpFields: written,
      pageSize,
      clockSkewMs: 5_000,
      window: { erpChangedSince: new Date(watermark - 5_000).toISOString(), booksChangedAfter: watermark - 5_000 },
      onBatch: async (batch) => {
        findings.push(...batch.findings);
        return true;
      },
    });
    expect(erpListed).toEqual(['ferry-b', 'ferry-g', 'ferry-y']);
    expect(lookedUp).toEqual(['ferry-h', 'ferry-i']);
    expect(findings.map((f) => [f.externalId, f.cause])).toEqual([
      ['ferry-b', 'erp_edited_after_delivery'],
      ['ferry-h', 'delivery_never_applied'],
      ['ferry-i', 'missing_in_erp'],
      ['ferry-y', 'unknown_in_erp'],
    ]);
    expect(result).toMatchObject({ readMode: 'changed_keyset_pages', counts: { booksRead: 4, erpRead: 4, inSync: 1, erpLookups: 2 } });
    expect(result!.counts.totals).toBeUndefined();
  });
});

describe('reconcileUnit over invoices read in full: totals per period find an invoice missing even when the counts match', () => {
  const invoiceReader = canonicalReaderFor('dynamics365', 'invoices')!;
  const invoiceScope: UnitScope = { ...scope, recordType: 'invoices' };
  const invoiceBook = (id: string, dueDate: string, amount: string): BookEntry => ({
    externalId: `ferry-inv-${id}`,
    erpRecordId: `g-${id}`,
    entityVersion: 1,
    deliveredAt,
    body: { invoiceId: id, invoiceNumber: id, dueDate, status: 'open', total: { amount, currency: 'USD' } },
  });
  const invoiceErp = (id: string, duedate: string, totalamount: number): ErpRecord => ({
    erpRecordId: `g-${id}`,
    externalId: `ferry-inv-${id}`,
    fields: { name: id, duedate, totalamount, statecode: 0, statuscode: 1 },
    lastModified: '2026-11-20T10:00:00Z',
  });

  it.each<[string, BookEntry[], ErpRecord[], unknown[]]>([
    [
      'the same invoices: no totals finding',
      [invoiceBook('1', '2026-11-30', '100.00'), invoiceBook('2', '2026-12-15', '40.00')],
      [invoiceErp('1', '2026-11-30', 100), invoiceErp('2', '2026-12-15', 40)],
      [],
    ],
    [
      'invoice 2 missing in the ERP, which holds invoice 3 instead (2 and 2): November differs by 40.00 in both measures',
      [invoiceBook('1', '2026-11-30', '100.00'), invoiceBook('2', '2026-11-15', '50.00')],
      [invoiceErp('1', '2026-11-30', 100), invoiceErp('3', '2026-11-20', 10)],
      [
        { period: '2026-11', measure: 'amount', ferrySum: '150.00', erpSum: '110.00', difference: '-40.00' },
        { period: '2026-11', measure: 'open_balance', ferrySum: '150.00', erpSum: '110.00', difference: '-40.00' },
      ],
    ],
  ])('%s', async (_case, booksRows, erpRows, totals) => {
    const findings: ReconciliationFinding[] = [];
    const result = await reconcileUnit(
      {
        ...books,
        pageAfter: async (_s, from, limit) =>
          booksRows.filter((e) => from === undefined || compareKeys(e.externalId, from) > 0).slice(0, limit),
      },
      {
        runId: 'run-3',
        scope: invoiceScope,
        connection,
        connector: { ...connector, listRecords: async () => erpRows } as ErpConnector,
        reader: invoiceReader,
        writtenErpFields: new Map([['name', 'invoice.invoiceNumber']]),
        pageSize: 1,
        clockSkewMs: 5_000,
        totals: invoiceReader.totals!,
        onBatch: async (batch) => {
          findings.push(...batch.findings);
          return true;
        },
      },
    );
    const totalFindings = findings.filter((f) => f.kind === 'total_mismatch');
    expect(totalFindings.map((f) => f.periodTotal)).toEqual(totals);
    expect(totalFindings.every((f) => f.externalId === 'period:2026-11')).toBe(true);
    expect(result!.counts.totalMismatches).toBe(totals.length);
  });
});
