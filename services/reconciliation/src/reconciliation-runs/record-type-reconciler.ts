import { createHash } from 'node:crypto';
import type { ReconciliationFinding } from '@ferry/contracts';
import type { ErpConnectionContext, ErpConnector, ErpRecord } from '@ferry/erp-core';
import {
  referencedErpRecords,
  type CanonicalReader,
  compareCanonical,
  type FieldDifference,
  DRIFT_CAUSES,
  driftCauseOf,
  type DriftCause,
  addToTotals,
  ferryInvoiceContribution,
  totalMismatchesOf,
  type PeriodTotals,
  type TotalsReader,
} from '@ferry/canonical-comparison';
import type { BookEntry } from '../delivered-records/delivered-record.repository';
import { compareKeys, mergeByKey, readAhead, type MergedPair } from './streaming-merge';

/** One (connection, record type) of a tenant: the unit a run reconciles, checkpoints and reports. */
export interface UnitScope {
  tenantId: string;
  connectionId: string;
  erpKind: string;
  recordType: string;
}

/** The books as the reconciler needs them: keyset pages and reference look-ups. */
export interface BooksReader {
  pageAfter(scope: UnitScope, afterExternalId: string | undefined, limit: number): Promise<BookEntry[]>;
  /** Incremental runs: the records delivered (or whose canonical body arrived) after `changedAfter`, keyset pages. */
  changedPageAfter(scope: UnitScope, afterExternalId: string | undefined, changedAfter: number, limit: number): Promise<BookEntry[]>;
  /** Incremental runs: the books' entries for records the ERP changed, which the books' window does not hold. */
  entriesFor(scope: UnitScope, externalIds: readonly string[]): Promise<Map<string, BookEntry>>;
  externalIdsOf(
    tenantId: string,
    connectionId: string,
    erpRecords: { erpRecordType: string; erpRecordId: string }[],
  ): Promise<Map<string, string>>;
}

export interface UnitCounts {
  booksRead: number;
  erpRead: number;
  compared: number;
  inSync: number;
  /** In both, but the books do not hold the canonical body of the version delivered (delivered before this release). */
  notComparable: number;
  byCause: Record<DriftCause, number>;
  /** Incremental runs: records the ERP did not list as changed that were looked up one by one (delivered since). */
  erpLookups?: number;
  /** Finance record types read in full: sums per period on both sides, carried across a resume. */
  totals?: PeriodTotals;
  /** Periods × measures whose totals differ (findings of kind total_mismatch). */
  totalMismatches?: number;
}

export function emptyCounts(): UnitCounts {
  return {
    booksRead: 0,
    erpRead: 0,
    compared: 0,
    inSync: 0,
    notComparable: 0,
    byCause: Object.fromEntries(DRIFT_CAUSES.map((cause) => [cause, 0])) as Record<DriftCause, number>,
  };
}

export interface ReconcileUnitOptions {
  runId: string;
  scope: UnitScope;
  connection: ErpConnectionContext;
  connector: ErpConnector;
  reader: CanonicalReader;
  writtenErpFields: ReadonlyMap<string, string>;
  /** Resume point: both sides are read after this key. */
  afterExternalId?: string;
  counts?: UnitCounts;
  pageSize: number;
  clockSkewMs: number;
  /** Incremental: read only what the ERP changed since and what the books received after (see run-mode.ts). */
  window?: { erpChangedSince: string; booksChangedAfter: number };
  /** Full runs of finance record types: total both sides per period and report periods whose sums differ. */
  totals?: TotalsReader;
  now?: () => number;
  /**
   * Called after each batch of merged keys with its findings and the key it ends at; resolves false when the run
   * must stop (its lease was lost): the caller persists findings and checkpoint together.
   */
  onBatch(batch: { afterExternalId: string; findings: ReconciliationFinding[]; counts: UnitCounts }): Promise<boolean>;
}

/** A finding's id, the same for the same run and record, so a resumed page re-publishes the same findings. */
export function findingIdOf(runId: string, scope: UnitScope, externalId: string): string {
  const hex = createHash('sha256').update(`${runId}\u0000${scope.connectionId}\u0000${scope.recordType}\u0000${externalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function* bookPages(
  books: BooksReader,
  scope: UnitScope,
  after: string | undefined,
  pageSize: number,
  changedAfter: number | undefined,
): AsyncGenerator<BookEntry[]> {
  let cursor = after;
  for (;;) {
    const page =
      changedAfter === undefined
        ? await books.pageAfter(scope, cursor, pageSize)
        : await books.changedPageAfter(scope, cursor, changedAfter, pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.externalId;
  }
}

/**
 * The ERP side in external-id order: the connector's keyset read where it has one, else its whole listing
 * sorted here (bounded by the record type's size, not by the page size: say so in the unit's report).
 */
export function erpPages(
  connector: ErpConnector,
  connection: ErpConnectionContext,
  recordType: string,
  after: string | undefined,
  pageSize: number,
  changedSince?: string,
): { pages: AsyncIterable<ErpRecord[]>; readMode: 'keyset_pages' | 'whole_listing' | 'changed_keyset_pages' } {
  if (connector.readInExternalIdOrder)
    return {
      pages: connector.readInExternalIdOrder(connection, recordType, {
        pageSize,
        ...(after !== undefined ? { afterExternalId: after } : {}),
        ...(changedSince !== undefined ? { changedSince } : {}),
      }),
      readMode: changedSince === undefined ? 'keyset_pages' : 'changed_keyset_pages',
    };
  if (changedSince !== undefined) throw new Error(`${connector.erpKind} cannot read only what changed`);
  async function* whole(): AsyncGenerator<ErpRecord[]> {
    const records = (await connector.listRecords(connection, recordType))
      .filter((record) => record.externalId !== null && (after === undefined || compareKeys(record.externalId, after) > 0))
      .sort((a, b) => compareKeys(a.externalId!, b.externalId!));
    for (let start = 0; start < records.length; start += pageSize) yield records.slice(start, start + pageSize);
  }
  return { pages: whole(), readMode: 'whole_listing' };
}

/**
 * Reconciles one unit by a streaming merge of Ferry's books and the ERP, both in external-id order: memory holds
 * a page of each side and one batch of findings. Returns the counts, or undefined when onBatch asked to stop.
 */
export async function reconcileUnit(
  books: BooksReader,
  options: ReconcileUnitOptions,
): Promise<{ counts: UnitCounts; readMode: string } | undefined> {
  const { scope, reader, pageSize } = options;
  const counts = options.counts ?? emptyCounts();
  const now = options.now ?? Date.now;
  const window = options.window;
  const erp = erpPages(options.connector, options.connection, scope.recordType, options.afterExternalId, pageSize, window?.erpChangedSince);
  if (options.totals && !window) counts.totals ??= {};
  const merged = mergeByKey(
    readAhead(bookPages(books, scope, options.afterExternalId, pageSize, window?.booksChangedAfter)),
    readAhead(erp.pages),
    (entry) => entry.externalId,
    (record) => record.externalId!,
  );
  let batch: MergedPair<BookEntry, ErpRecord>[] = [];
  let lastKey: string | undefined;
  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    if (window) await completeWindowPairs(books, options, batch, counts);
    const wanted = referencedErpRecords(
      reader,
      batch.flatMap((pair) => (pair.erp ? [pair.erp.fields] : [])),
    );
    const known = await books.externalIdsOf(scope.tenantId, scope.connectionId, wanted);
    const references = { externalIdOf: (recordType: string, erpRecordId: string) => known.get(`${recordType}/${erpRecordId}`) };
    const findings: ReconciliationFinding[] = [];
    for (const { key, books: entry, erp: record } of batch) {
      if (entry) counts.booksRead += 1;
      if (record) counts.erpRead += 1;
      if (counts.totals && options.totals) {
        if (entry?.body) addToTotals(counts.totals, 'ferry', ferryInvoiceContribution(entry.body, options.totals.periodField));
        if (record) addToTotals(counts.totals, 'erp', options.totals.erp(record.fields));
      }
      let differences: FieldDifference[] = [];
      if (entry && record) {
        if (!entry.body) {
          counts.notComparable += 1;
          continue;
        }
        differences = compareCanonical(entry.body, record.fields, reader, options.writtenErpFields, references);
        counts.compared += 1;
      }
      const cause = driftCauseOf({
        deliveredAt: entry?.deliveredAt,
        inErp: record !== undefined,
        erpLastModified: record?.lastModified,
        differingFields: differences.length,
        clockSkewMs: options.clockSkewMs,
      });
      if (!cause) {
        counts.inSync += 1;
        continue;
      }
      counts.byCause[cause] += 1;
      findings.push({
        findingId: findingIdOf(options.runId, scope, key),
        runId: options.runId,
        tenantId: scope.tenantId,
        connectionId: scope.connectionId,
        erpKind: scope.erpKind,
        recordType: scope.recordType,
        externalId: key,
        erpRecordId: record?.erpRecordId ?? entry?.erpRecordId ?? null,
        kind: cause === 'missing_in_erp' || cause === 'unknown_in_erp' ? cause : 'content_mismatch',
        expectedHash: null,
        actualHash: null,
        detectedAt: now(),
        cause,
        fieldDifferences: differences.map(({ field, ferryValue, erpValue }) => ({ field, ferryValue, erpValue })),
      });
    }
    const afterExternalId = batch[batch.length - 1]!.key;
    lastKey = afterExternalId;
    batch = [];
    return options.onBatch({ afterExternalId, findings, counts });
  };
  for await (const pair of merged) {
    batch.push(pair);
    if (batch.length >= pageSize && !(await flush())) return undefined;
  }
  if (!(await flush())) return undefined;
  if (counts.totals && counts.totalMismatches === undefined) {
    const mismatches = totalMismatchesOf(counts.totals);
    counts.totalMismatches = mismatches.length;
    const findings = mismatches.map((mismatch): ReconciliationFinding => {
      const externalId = `period:${mismatch.period}`;
      return {
        findingId: findingIdOf(options.runId, scope, `${externalId}:${mismatch.measure}`),
        runId: options.runId,
        tenantId: scope.tenantId,
        connectionId: scope.connectionId,
        erpKind: scope.erpKind,
        recordType: scope.recordType,
        externalId,
        erpRecordId: null,
        kind: 'total_mismatch',
        expectedHash: null,
        actualHash: null,
        detectedAt: now(),
        cause: null,
        fieldDifferences: [],
        periodTotal: mismatch,
      };
    });
    // The checkpoint stays at the last key merged: a resume reads nothing more and, the mismatches counted, publishes none again.
    if (!(await options.onBatch({ afterExternalId: lastKey ?? options.afterExternalId ?? '', findings, counts }))) return undefined;
  }
  return { counts, readMode: erp.readMode };
}

/**
 * An incremental window's pairs hold one side where the other side did not change: a record the ERP changed is
 * completed from the books (one query per batch), a record Ferry delivered that the ERP did not list as changed
 * is looked up in the ERP (a delivery that was applied changed the record, so these are few: never applied, or
 * gone from the ERP).
 */
async function completeWindowPairs(
  books: BooksReader,
  options: ReconcileUnitOptions,
  batch: MergedPair<BookEntry, ErpRecord>[],
  counts: UnitCounts,
): Promise<void> {
  const erpOnly = batch.filter((pair) => pair.books === undefined).map((pair) => pair.key);
  const entries = await books.entriesFor(options.scope, erpOnly);
  for (const pair of batch) {
    if (pair.books === undefined) {
      pair.books = entries.get(pair.key);
    } else if (pair.erp === undefined) {
      if (!options.connector.lookup) throw new Error(`${options.connector.erpKind} cannot look a record up by external id`);
      counts.erpLookups = (counts.erpLookups ?? 0) + 1;
      pair.erp = await options.connector.lookup(options.connection, options.scope.recordType, pair.key);
    }
  }
}
