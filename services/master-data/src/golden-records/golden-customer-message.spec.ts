import type { GoldenRecord } from '@ferry/matching';
import { activeGoldenCustomer, goldenCustomerKey, mergedGoldenCustomer } from './golden-customer-message';

const golden: GoldenRecord = {
  goldenId: 'g1',
  fields: {
    taxId: { value: 'GB1', source: 'product', recordId: 'c-1', updatedAt: '2026-11-30T10:00:00.000Z', rule: 'mostRecent' },
    'name.organisation': { value: 'Acme Ltd', source: 'netsuite', recordId: 'netsuite-8', rule: 'mostRecent' },
  },
  sourceRecords: [
    { source: 'product', id: 'c-1' },
    { source: 'netsuite', id: 'netsuite-8' },
  ],
  externalIds: [{ system: 'product', id: 'c-1' }],
};

describe('golden customer messages', () => {
  it('keys by tenant and golden id', () => {
    expect(goldenCustomerKey('acme', 'g1')).toBe('acme:g1');
  });

  it('publishes every field with its lineage, in path order, with the source records and sorted aliases', () => {
    expect(activeGoldenCustomer('acme', golden, ['g7', 'g3'], 1000)).toEqual({
      tenantId: 'acme',
      goldenId: 'g1',
      status: 'active',
      mergedInto: null,
      fields: [
        { path: 'name.organisation', value: 'Acme Ltd', source: 'netsuite', recordId: 'netsuite-8', updatedAt: null, rule: 'mostRecent' },
        { path: 'taxId', value: 'GB1', source: 'product', recordId: 'c-1', updatedAt: '2026-11-30T10:00:00.000Z', rule: 'mostRecent' },
      ],
      sourceRecords: [
        { source: 'product', recordId: 'c-1' },
        { source: 'netsuite', recordId: 'netsuite-8' },
      ],
      externalIds: [{ system: 'product', id: 'c-1' }],
      aliases: ['g3', 'g7'],
      updatedAt: 1000,
    });
  });

  it('says which id a retired golden id was merged into, and nothing else', () => {
    expect(mergedGoldenCustomer('acme', 'g2', 'g1', 1000)).toEqual({
      tenantId: 'acme',
      goldenId: 'g2',
      status: 'merged',
      mergedInto: 'g1',
      fields: [],
      sourceRecords: [],
      externalIds: [],
      aliases: [],
      updatedAt: 1000,
    });
  });
});
