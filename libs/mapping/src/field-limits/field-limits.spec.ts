import { applyFieldLimits, type FieldLimitOutcome } from './field-limits';
import type { TextFieldLimit } from './text-fit';

const cut = (maxLength: number): TextFieldLimit => ({ maxLength, unit: 'utf16', overflow: 'truncate' });
const refuse = (maxLength: number): TextFieldLimit => ({ maxLength, unit: 'utf16', overflow: 'reject' });

describe('applyFieldLimits', () => {
  it.each<
    [string, Record<string, unknown>, Record<string, TextFieldLimit>, Record<string, unknown>, Pick<FieldLimitOutcome, 'field' | 'kind'>[]]
  >([
    ['a field that fits is left alone', { name: 'Acme' }, { name: cut(10) }, { name: 'Acme' }, []],
    ['a long name is cut', { name: 'Acme Rockets' }, { name: cut(4) }, { name: 'Acme' }, [{ field: 'name', kind: 'truncated' }]],
    ['a nested path is cut', { a: { b: 'abcdef' } }, { 'a.b': cut(3) }, { a: { b: 'abc' } }, [{ field: 'a.b', kind: 'truncated' }]],
    [
      'every element of an array is cut',
      { lines: [{ d: 'abcdef' }, { d: 'ab' }] },
      { 'lines[].d': cut(3) },
      { lines: [{ d: 'abc' }, { d: 'ab' }] },
      [{ field: 'lines[].d', kind: 'truncated' }],
    ],
    [
      'an identifier too long is reported and left as it is',
      { id: 'abcdef' },
      { id: refuse(3) },
      { id: 'abcdef' },
      [{ field: 'id', kind: 'too_long' }],
    ],
    ['a number is not a text', { amount: 123456 }, { amount: cut(3) }, { amount: 123456 }, []],
    ['an absent field is nothing to fit', {}, { name: cut(3) }, {}, []],
  ])('%s', (_case, payload, limits, expected, outcomes) => {
    const result = applyFieldLimits(payload, limits);
    expect(payload).toEqual(expected);
    expect(result.map(({ field, kind }) => ({ field, kind }))).toEqual(outcomes);
  });
});
