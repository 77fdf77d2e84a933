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
