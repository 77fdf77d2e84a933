import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './csv-records';
import { inferProfile, parseMatchArguments } from './match-arguments';

const columns = '{"rec_id":"id","surname":"name.family"}';

describe('parseMatchArguments', () => {
  it('reads several inputs, the column mapping and the output, and infers the profile from the columns', () => {
    expect(parseMatchArguments(['--input', 'a.csv', '--input', 'b.csv', '--columns', columns, '--output', 'out.csv'])).toEqual({
      inputs: ['a.csv', 'b.csv'],
      columns: { rec_id: 'id', surname: 'name.family' },
      output: 'out.csv',
      settings: { profile: 'person' },
    });
  });

  it('reads --columns and --settings from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'match-args-'));
    writeFileSync(join(dir, 'columns.json'), '{"company":"name.organisation"}');
    writeFileSync(join(dir, 'settings.json'), '{"thresholds":{"autoMerge":0.99}}');
    const args = parseMatchArguments([
      '--input',
      'a.csv',
      '--columns',
      join(dir, 'columns.json'),
      '--output',
      'o.csv',
      '--settings',
      join(dir, 'settings.json'),
    ]);
    expect(args.columns).toEqual({ company: 'name.organisation' });
    expect(args.settings).toEqual({ thresholds: { autoMerge: 0.99 }, profile: 'organisation' });
  });

  it.each([
    ['no input', ['--columns', columns, '--output', 'o.csv'], '--input is required'],
    ['no columns', ['--input', 'a.csv', '--output', 'o.csv'], '--columns is required'],
    ['no output', ['--input', 'a.csv', '--columns', columns], '--output is required'],
    ['a flag without value', ['--input', '--columns', columns], '--input needs a value'],
    ['an unknown flag', ['--input', 'a.csv', '--colums', columns], 'unknown option --colums'],
    ['a stray argument', ['a.csv'], "unexpected argument 'a.csv'"],
    [
      'two outputs',
      ['--input', 'a.csv', '--columns', columns, '--output', 'o.csv', '--output', 'p.csv'],
      '--output is given more than once',
    ],
    ['output over an input', ['--input', 'a.csv', '--columns', columns, '--output', 'a.csv'], 'must not be one of the inputs'],
    ['columns that are not JSON', ['--input', 'a.csv', '--columns', '{rec_id:id}', '--output', 'o.csv'], '--columns is not valid JSON'],
    [
      'columns naming a file that does not exist',
      ['--input', 'a.csv', '--columns', 'missing.json', '--output', 'o.csv'],
      'neither JSON nor an existing file',
    ],
    [
      'an unknown record path',
      ['--input', 'a.csv', '--columns', '{"x":"shoeSize"}', '--output', 'o.csv'],
      'not a record path: x → "shoeSize"',
    ],
    ['two id columns', ['--input', 'a.csv', '--columns', '{"a":"id","b":"id"}', '--output', 'o.csv'], 'more than one column to id'],
    ['a bad profile', ['--input', 'a.csv', '--columns', columns, '--output', 'o.csv', '--profile', 'robot'], 'person or organisation'],
  ])('rejects %s', (_, argv, message) => {
    expect(() => parseMatchArguments(argv)).toThrow(UsageError);
    expect(() => parseMatchArguments(argv)).toThrow(message);
  });
});

describe('inferProfile', () => {
  it.each([
    [{ a: 'name.given', b: 'name.family' }, 'person'],
    [{ a: 'birthDate' }, 'person'],
    [{ a: 'name.organisation', b: 'name.family' }, 'organisation'],
    [{ a: 'taxId', b: 'email' }, 'organisation'],
  ])('%j → %s', (mapping, expected) => {
    expect(inferProfile(mapping)).toBe(expected);
  });
});
