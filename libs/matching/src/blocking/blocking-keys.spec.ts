import { CustomerRecordSchema, type CustomerRecordInput } from '../record/customer-record';
import { BlockingRuleSchema, DeterministicRuleSchema } from '../settings/match-settings';
import { blockingKeys, deterministicKeys, transformValue } from './blocking-keys';

const context = { dateOrder: 'DMY' as const };
const record = (input: Partial<CustomerRecordInput>) => CustomerRecordSchema.parse({ id: '1', source: 'crm', ...input });

describe('blocking transforms', () => {
  it.each([
    ['value', 'mccarthy', ['mccarthy']],
    ['metaphone', 'mccarthy', ['MKR0']],
    ['metaphone', 'mc carthy', ['MKR0']],
    ['nysiis', 'mccarthy', ['MCARTY']],
    ['initial', 'harley', ['h']],
    ['prefix3', 'pridham street', ['pri']],
    ['year', '19080419', ['1908']],
    ['year', 'unknown', []],
    ['digits', 'ab-1234', ['1234']],
    ['tokens', 'acme widgets of london', ['acme', 'widgets', 'london']],
    ['value', '', []],
  ] as const)('%s(%j) → %j', (transform, value, expected) => {
    expect(transformValue(transform, value)).toEqual(expected);
  });
});

describe('blockingKeys', () => {
  const rules = [
    { name: 'familyPostcode', parts: [{ field: 'name.family', transform: 'metaphone' }, { field: 'address.postcode' }] },
    {
      name: 'names',
      parts: [
        { field: 'name.given', transform: 'metaphone' },
        { field: 'name.family', transform: 'metaphone' },
      ],
      unordered: true,
    },
  ].map((rule) => BlockingRuleSchema.parse(rule));

  it('joins the parts of each rule under the rule position, and skips a rule with a missing part', () => {
    expect(blockingKeys(record({ name: { given: 'Harley', family: 'McCarthy' }, address: { postcode: '3165' } }), rules, context)).toEqual([
      'b0|MKR0|3165',
      'b1|HRL|MKR0',
    ]);
    expect(blockingKeys(record({ name: { given: 'Harley', family: 'McCarthy' } }), rules, context)).toEqual(['b1|HRL|MKR0']);
  });

  it('gives swapped given and family names the same unordered key', () => {
    const swapped = blockingKeys(record({ name: { given: 'McCarthy', family: 'Harley' } }), rules, context);
    expect(swapped).toContain('b1|HRL|MKR0');
  });
});

describe('deterministicKeys', () => {
  const rules = [
    { kind: 'crossReference', name: 'xref' },
    { kind: 'sameValue', name: 'taxId', fields: ['taxId'] },
  ].map((rule) => DeterministicRuleSchema.parse(rule));

  it.each([
    ['own id only', { source: 'erp', id: 'C42' }, ['d0|erp|C42']],
    [
      'own id and a cross-reference',
      { source: 'product', id: 'p1', externalIds: [{ system: 'erp', id: 'C42' }] },
      ['d0|product|p1', 'd0|erp|C42'],
    ],
    ['a normalised tax id', { source: 'crm', id: '9', taxId: 'DE 123-456' }, ['d0|crm|9', 'd1|de123456']],
  ])('%s', (_, input, expected) => {
    expect(deterministicKeys(record(input), rules, context)).toEqual(expected);
  });
});
