import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvRecords, sourceNames, UsageError } from './csv-records';

function csvFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'csv-records-')), 'customers.csv');
  writeFileSync(path, text);
  return path;
}

describe('readCsvRecords', () => {
  it('maps columns to record paths, trims Febrl-style ", " separators and keeps leading zeros', () => {
    const path = csvFile('rec_id, surname, postcode, segment, erp\nrec-1-org, green, 0812, smb, C42\n');
    const records = readCsvRecords(
      path,
      { rec_id: 'id', surname: 'name.family', postcode: 'address.postcode', segment: 'attributes.segment', erp: 'externalIds.erp' },
      'crm',
    );
    expect(records).toEqual([
      {
        id: 'rec-1-org',
        source: 'crm',
        name: { family: 'green' },
        address: { postcode: '0812' },
        attributes: { segment: 'smb' },
        externalIds: [{ system: 'erp', id: 'C42' }],
      },
    ]);
  });

  it('numbers records by data row when no column is the id, and leaves blank cells out', () => {
    const records = readCsvRecords(
      csvFile('surname,email\ngreen,\nbrown,b@example.com\n'),
      { surname: 'name.family', email: 'email' },
      's',
    );
    expect(records.map((r) => [r.id, r.email])).toEqual([
      ['1', undefined],
      ['2', 'b@example.com'],
    ]);
  });

  it.each([
    [
      'a column the file lacks',
      'id,surname\n1,green\n',
      { id: 'id', given: 'name.given' },
      'has no column given (its columns: id, surname)',
    ],
    ['a repeated record id', 'id\n1\n1\n', { id: 'id' }, "record id '1' appears twice"],
  ])('rejects %s', (_, text, mapping, message) => {
    expect(() => readCsvRecords(csvFile(text), mapping, 's')).toThrow(UsageError);
    expect(() => readCsvRecords(csvFile(text), mapping, 's')).toThrow(message);
  });

  it('says which file it cannot read', () => {
    expect(() => readCsvRecords('/nonexistent/x.csv', { id: 'id' }, 's')).toThrow('cannot read /nonexistent/x.csv: ENOENT');
  });
});

describe('sourceNames', () => {
  it.each([
    [
      ['/a/crm.csv', '/b/erp.csv'],
      ['crm', 'erp'],
    ],
    [
      ['/a/export.csv', '/b/export.csv'],
      ['export-1', 'export-2'],
    ],
  ])('%j → %j', (paths, expected) => {
    expect(sourceNames(paths)).toEqual(expected);
  });
});
