import { runOutcomeOf, unsupportedReason, type RunOutcome, type UnitOutcome } from './run-outcome';

describe('runOutcomeOf: a run says completed only when everything was compared', () => {
  it.each<[UnitOutcome[], RunOutcome]>([
    [['completed'], 'completed'],
    [['completed', 'completed'], 'completed'],
    [['completed', 'unsupported'], 'partial'],
    [['unsupported'], 'unsupported'],
    [['unsupported', 'unsupported'], 'unsupported'],
    [[], 'unsupported'],
    [['completed', 'failed'], 'failed'],
    [['unsupported', 'failed'], 'failed'],
  ])('%p → %s', (units, outcome) => {
    expect(runOutcomeOf(units)).toBe(outcome);
  });
});

describe('unsupportedReason', () => {
  it.each<[boolean, boolean, string | undefined]>([
    [true, true, undefined],
    [false, true, 'csv_sftp connections cannot be read back'],
    [false, false, 'csv_sftp connections cannot be read back'],
    [true, false, 'no canonical reader for csv_sftp shipment'],
  ])('reads: %p, reader: %p → %p', (connectorReads, hasCanonicalReader, reason) => {
    expect(unsupportedReason({ connectorReads, hasCanonicalReader, erpKind: 'csv_sftp', recordType: 'shipment' })).toBe(reason);
  });
});
