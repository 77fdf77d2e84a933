import { archivedName, isStatusExport, statusFileStep, type StatusFileState } from './status-file-step';

describe('statusFileStep: what a status export file found in the folder leads to', () => {
  it.each<[string, StatusFileState | undefined, string]>([
    ['a file never seen is published', undefined, 'publish'],
    ['a file claimed by a poll that crashed before its publish was recorded is published again (same event ids)', 'claimed', 'publish'],
    ['a published file not yet archived (crash before the move) is only archived', 'published', 'archive_only'],
    ['the same name with the same content uploaded again after archiving is only archived', 'archived', 'archive_only'],
    ['a malformed file uploaded again goes to error/ again', 'rejected', 'reject_again'],
  ])('%s', (_name, state, step) => {
    expect(statusFileStep(state)).toBe(step);
  });
});

describe('archivedName and isStatusExport', () => {
  it.each([
    ['STATUS_20261202.csv', 'STATUS_20261202.0123456789ab.csv'],
    ['status', 'status.0123456789ab'],
    ['a.b.csv', 'a.b.0123456789ab.csv'],
  ])('archives %s as %s', (name, archived) => {
    expect(archivedName(name, '0123456789abcdef')).toBe(archived);
  });

  it.each([
    ['STATUS_1.csv', true],
    ['status_1.CSV', true],
    ['STATUS_1.csv.tmp', false],
    ['STATUS_1.part', false],
    ['.hidden.csv', false],
    ['STATUS_1.reason.txt', false],
  ])('takes %s: %s', (name, taken) => {
    expect(isStatusExport(name)).toBe(taken);
  });
});
