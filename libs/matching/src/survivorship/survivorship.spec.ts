import { CustomerRecordSchema, type CustomerRecordInput } from '../record/customer-record';
import type { SurvivorshipRule } from '../settings/match-settings';
import { chooseValue, surviveGoldenRecord, type MemberRecord } from './survivorship';

const member = (sequence: number, input: Partial<CustomerRecordInput>): MemberRecord => ({
  sequence,
  record: CustomerRecordSchema.parse({ id: `r${sequence}`, source: 'crm', ...input }),
});

const members = [
  member(1, { source: 'crm', updatedAt: '2024-03-01T00:00:00Z', email: 'anne@old.example', name: { family: 'Smith' } }),
  member(2, { source: 'erp', updatedAt: '2024-01-01T00:00:00Z', email: 'a.smith@erp.example', name: { family: 'Smith-Jones' } }),
  member(3, { source: 'product', updatedAt: '2024-06-01T00:00:00Z', name: { family: 'smith' } }),
  member(4, { source: 'erp', email: 'anne@old.example' }),
];

describe('survivorship rules', () => {
  it.each([
    ['mostRecent', 'email', [], 'r1'],
    ['firstNonNull', 'email', [], 'r1'],
    ['sourcePriority', 'email', ['erp', 'crm'], 'r2'],
    ['sourcePriority', 'name.family', ['product'], 'r3'],
    ['sourcePriority', 'name.family', [], 'r3'], // no priority: the most recent
    ['mostComplete', 'name.family', [], 'r2'],
    ['mostFrequent', 'name.family', [], 'r3'], // 'Smith' and 'smith' are one value; the newer spelling wins
    ['mostFrequent', 'email', [], 'r1'],
    ['mostRecent', 'phone', [], undefined],
  ] as const)('%s picks %s from %s', (rule, path, priority, expected) => {
    expect(chooseValue(path, members, rule as SurvivorshipRule, priority)?.record.id).toBe(expected);
  });

  it('builds the golden record with lineage per field and every source id', () => {
    const golden = surviveGoldenRecord('g-1', members, {
      default: 'mostRecent',
      sourcePriority: ['erp'],
      fields: { email: 'sourcePriority' },
    });
    expect(golden.fields['email']).toEqual({
      value: 'a.smith@erp.example',
      source: 'erp',
      recordId: 'r2',
      updatedAt: '2024-01-01T00:00:00Z',
      rule: 'sourcePriority',
    });
    expect(golden.fields['name.family']).toEqual({
      value: 'smith',
      source: 'product',
      recordId: 'r3',
      updatedAt: '2024-06-01T00:00:00Z',
      rule: 'mostRecent',
    });
    expect(golden.fields['phone']).toBeUndefined();
    expect(golden.sourceRecords).toEqual([
      { source: 'crm', id: 'r1' },
      { source: 'erp', id: 'r2' },
      { source: 'product', id: 'r3' },
      { source: 'erp', id: 'r4' },
    ]);
  });

  it('carries attributes.* through survivorship', () => {
    const golden = surviveGoldenRecord(
      'g-1',
      [member(1, { attributes: { segment: 'smb' } }), member(2, { attributes: { segment: 'enterprise' } })],
      {
        default: 'firstNonNull',
        sourcePriority: [],
        fields: {},
      },
    );
    expect(golden.fields['attributes.segment']?.value).toBe('smb');
  });
});
