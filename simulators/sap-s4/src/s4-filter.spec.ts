import { S4FilterError, matchesFilter } from './s4-filter';

const properties = new Set(['SalesOrder', 'LastChangeDateTime', 'LastChangeDate']);
const row = { SalesOrder: '0000000007', LastChangeDateTime: '2026-03-01T10:00:00.500Z', LastChangeDate: null };
const compare = (ref: string, op: string, val: unknown) => [{ ref: [ref] }, op, { val }];

describe('the S/4 simulator’s $filter', () => {
  it.each([
    ['no filter', undefined, true],
    ['equal key', compare('SalesOrder', '=', '0000000007'), true],
    ['other key', compare('SalesOrder', '=', '0000000008'), false],
    ['changed at or after an earlier time, spelt without ms', compare('LastChangeDateTime', '>=', '2026-03-01T10:00:00Z'), true],
    [
      'changed at or after the same instant, spelt with an offset',
      compare('LastChangeDateTime', '>=', '2026-03-01T11:00:00.500+01:00'),
      true,
    ],
    ['changed after a later time', compare('LastChangeDateTime', '>', '2026-03-01T10:00:01Z'), false],
    ['a record never changed sorts before every time', compare('LastChangeDate', '>=', '2026-03-01T00:00:00Z'), false],
    [
      'two conditions joined by and',
      [...compare('SalesOrder', '=', '0000000007'), 'and', ...compare('LastChangeDateTime', '<', '2026-03-02T00:00:00Z')],
      true,
    ],
  ])('%s → %s', (_case, where, expected) => {
    expect(matchesFilter(row, where as unknown[] | undefined, properties)).toBe(expected);
  });

  it.each([
    ['or', [...compare('SalesOrder', '=', '1'), 'or', ...compare('SalesOrder', '=', '0000000007')]],
    ['a function', [{ func: 'substringof', args: [] }, '=', { val: true }]],
    ['an unknown property', compare('NoSuchProperty', '=', '1')],
    ['an unreadable time', compare('LastChangeDateTime', '>=', 'yesterday')],
    ['an operator S/4 has no use for here', compare('SalesOrder', 'like', '1%')],
  ])('refuses %s instead of answering wrong rows', (_case, where) => {
    expect(() => matchesFilter(row, where, properties)).toThrow(S4FilterError);
  });
});
