import { parseMappingKey } from './tenant-spec';

describe('parseMappingKey', () => {
  it.each([
    ['the template mapping of an entity', 'sales_order', { entityType: 'sales_order' }],
    ['one more target for it', 'sales_order@warehouse', { entityType: 'sales_order', additionalTarget: 'warehouse' }],
    ['an unknown entity', 'widget', { problem: expect.stringContaining('entity type must be one of') }],
    ['an unknown entity with a target', 'widget@warehouse', { problem: expect.stringContaining('entity type must be one of') }],
    ['an empty connection id', 'sales_order@', { problem: expect.stringContaining('names one connection id') }],
    ['two targets in one key', 'sales_order@a@b', { problem: expect.stringContaining('names one connection id') }],
    [
      'a connection id that is not an identifier',
      'sales_order@Ware_House',
      { problem: expect.stringContaining('names one connection id') },
    ],
    ['a prototype key', '__proto__', { problem: expect.stringContaining('entity type must be one of') }],
  ])('%s', (_case, key, parsed) => {
    expect(parseMappingKey(key)).toEqual(parsed);
  });
});
