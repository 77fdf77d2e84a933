import { ComparisonSchema, type Comparison } from '../settings/match-settings';
import { compileComparator, MISSING } from './comparators';

function levelName(
  comparison: { readonly kind: Comparison['kind'] } & Readonly<Record<string, unknown>>,
  a: string,
  b: string,
  crossA = '',
  crossB = '',
): string {
  const comparator = compileComparator(ComparisonSchema.parse({ name: 'c', field: 'name.given', ...comparison }));
  const level = comparator.compare(a, b, crossA, crossB);
  return level === MISSING ? 'missing' : (comparator.levels[level] ?? `level ${level}`);
}

describe('comparison levels', () => {
  const name = { kind: 'name', thresholds: [0.94, 0.85], crossField: 'name.family' } as const;
  it.each([
    ['same name', name, 'martha', 'martha', '', '', 'exact'],
    ['one transposition', name, 'martha', 'marhta', '', '', 'similarity >= 0.94'],
    ['one letter changed', name, 'jonathan', 'jonathon', '', '', 'similarity >= 0.94'],
    ['further apart', name, 'stephen', 'steven', '', '', 'similarity >= 0.85'],
    ['given and family swapped', name, 'smith', 'john', 'john', 'smith', 'transposed'],
    ['unrelated', name, 'anne', 'zoltan', 'smith', 'jones', 'different'],
    ['one side missing', name, '', 'anne', '', '', 'missing'],
  ])('name: %s', (_, comparison, a, b, crossA, crossB, expected) => {
    expect(levelName(comparison, a, b, crossA, crossB)).toBe(expected);
  });

  it.each([
    ['same words in another order', 'address', 'street wallaby', 'wallaby street', 'exact'],
    ['organisation words reordered', 'organisation', 'widgets acme', 'acme widgets', 'exact'],
    ['text words are not reordered', 'text', 'north ryde', 'ryde north', 'different'],
    ['a typo in the street', 'address', 'hoseason street', 'hoseasn street', 'similarity >= 0.94'],
  ] as const)('%s', (_, kind, a, b, expected) => {
    expect(levelName({ kind, thresholds: [0.94, 0.85] }, a, b)).toBe(expected);
  });

  it.each([
    ['2119', '2119', 'exact'],
    ['2119', '2191', 'one edit'],
    ['2119', '2120', 'different'],
    ['', '2119', 'missing'],
  ])('identifier %j vs %j → %s', (a, b, expected) => {
    expect(levelName({ kind: 'identifier' }, a, b)).toBe(expected);
  });

  it.each([
    ['19560409', '19560409', [], 'exact'],
    ['19560409', '19560490', [], 'one typo or day/month swapped'],
    ['19560409', '19560904', [], 'one typo or day/month swapped'],
    ['19551192', '19551122', [], 'one typo or day/month swapped'],
    ['19560409', '19570301', [365], 'within 365 days'],
    ['19560409', '19800101', [365], 'different'],
  ])('date %s vs %s (tolerances %j) → %s', (a, b, thresholds, expected) => {
    expect(levelName({ kind: 'date', thresholds }, a, b)).toBe(expected);
  });

  it.each([
    ['100', '100', 'exact'],
    ['100', '100.005', 'within 0.01'],
    ['100', '108', 'within 10'],
    ['100', '200', 'different'],
  ])('number %s vs %s → %s', (a, b, expected) => {
    expect(levelName({ kind: 'number', thresholds: [0.01, 10] }, a, b)).toBe(expected);
  });

  it.each([
    ['anne@example.com', 'anne@example.com', 'exact'],
    ['anne@example.com', 'anne@other.org', 'same mailbox or close'],
    ['anne.smith@example.com', 'anne.smyth@example.com', 'same mailbox or close'],
    ['anne@example.com', 'bob@example.com', 'different'],
  ])('email %s vs %s → %s', (a, b, expected) => {
    expect(levelName({ kind: 'email' }, a, b)).toBe(expected);
  });

  it.each([
    ['+442079460018', '+442079460018', 'exact'],
    ['+442079460018', '02079460018', 'same last 7 digits'],
    ['+442079460018', '+442079460019', 'different'],
  ])('phone %s vs %s → %s', (a, b, expected) => {
    expect(levelName({ kind: 'phone' }, a, b)).toBe(expected);
  });

  const place = { kind: 'place', field: 'address.postcode', localityField: 'address.locality', thresholds: [0.94, 0.85] } as const;
  it.each([
    ['2119', '2119', 'cleveland', 'cleveland', 'postcode and locality agree'],
    ['2119', '2119', 'cleveland', 'marsden', 'postcode or locality agrees'],
    ['2119', '3165', 'cleveland', 'cleveland', 'postcode or locality agrees'],
    ['2119', '', 'cleveland', 'cleveland', 'postcode or locality agrees'],
    ['2119', '2191', 'cleveland', 'marsden', 'close'],
    ['2119', '3165', 'cleveland', 'marsden', 'different'],
    ['', '3165', '', 'marsden', 'missing'],
  ])('place %s/%s %s/%s → %s', (postcodeA, postcodeB, localityA, localityB, expected) => {
    expect(levelName(place, postcodeA, postcodeB, localityA, localityB)).toBe(expected);
  });
});
