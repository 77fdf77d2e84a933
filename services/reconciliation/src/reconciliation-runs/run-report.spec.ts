import { emptyCounts } from './record-type-reconciler';
import { driftSummaryOf, progressViewOf, type RunProgressView } from './run-report';

describe('progressViewOf: rates and ETA of a run', () => {
  const base = {
    recordsRead: 0,
    recordsCompared: 0,
    booksRead: 0,
    runningSeconds: 0,
    recordsExpected: null as number | null,
    finished: false,
  };
  it.each<[string, Partial<typeof base>, Partial<RunProgressView>]>([
    ['not started', {}, { recordsPerSecond: null, etaSeconds: null }],
    [
      'half-way at 1,000 books/s',
      { booksRead: 50_000, recordsRead: 100_000, recordsCompared: 49_000, runningSeconds: 50, recordsExpected: 100_000 },
      { recordsPerSecond: 2000, comparedPerSecond: 980, etaSeconds: 50 },
    ],
    ['no expected total', { booksRead: 10, recordsRead: 20, runningSeconds: 10 }, { recordsPerSecond: 2, etaSeconds: null }],
    ['more read than expected (records added meanwhile)', { booksRead: 120, runningSeconds: 1, recordsExpected: 100 }, { etaSeconds: 0 }],
    ['finished', { booksRead: 100, runningSeconds: 1, recordsExpected: 100, finished: true }, { etaSeconds: 0 }],
    ['running but nothing read yet', { runningSeconds: 3, recordsExpected: 100 }, { etaSeconds: null }],
  ])('%s', (_case, row, expected) => {
    expect(progressViewOf({ ...base, ...row })).toMatchObject(expected);
  });
});

describe('driftSummaryOf: a tenant drift summary from a run’s units', () => {
  it('adds the units up and names what was not checked', () => {
    const a = emptyCounts();
    a.inSync = 90;
    a.byCause.erp_edited_after_delivery = 7;
    a.byCause.missing_in_erp = 3;
    a.notComparable = 2;
    const b = emptyCounts();
    b.inSync = 10;
    b.byCause.unknown_in_erp = 1;
    b.totalMismatches = 2;
    expect(
      driftSummaryOf([
        { connectionId: 'd365', erpKind: 'dynamics365', recordType: 'accounts', outcome: 'completed', counts: a },
        { connectionId: 'd365', erpKind: 'dynamics365', recordType: 'invoices', outcome: 'completed', counts: b },
        {
          connectionId: 'sftp',
          erpKind: 'csv_sftp',
          recordType: 'customers',
          outcome: 'unsupported',
          reason: 'csv_sftp connections cannot be read back',
        },
        { connectionId: 'd365', erpKind: 'dynamics365', recordType: 'msdyn_payments', outcome: 'failed', reason: 'ERP unreachable' },
      ]),
    ).toEqual({
      recordsChecked: 111,
      inSync: 100,
      drifted: 11,
      driftedByCause: { missing_in_erp: 3, unknown_in_erp: 1, erp_edited_after_delivery: 7, delivery_never_applied: 0, undetermined: 0 },
      notComparable: 2,
      totalMismatches: 2,
      unsupported: [{ connectionId: 'sftp', recordType: 'customers', reason: 'csv_sftp connections cannot be read back' }],
      failed: [{ connectionId: 'd365', recordType: 'msdyn_payments', reason: 'ERP unreachable' }],
    });
  });

  it('is all zeros for no units', () => {
    expect(driftSummaryOf([])).toMatchObject({ recordsChecked: 0, drifted: 0, unsupported: [], failed: [] });
  });
});
