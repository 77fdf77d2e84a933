import { findTenantTable, tenantMatch, tenantTableDrift, tenantTableProblems, type TenantTable } from './tenant-tables';

describe('tenantTableProblems', () => {
  it.each<[string, TenantTable[], string[]]>([
    ['a good list', [{ table: 'received_event', orderBy: ['event_id'], omit: ['secret_hash'] }], []],
    [
      'a quoted name',
      [{ table: 'x"; DROP TABLE y; --', orderBy: ['id'] }],
      ['x"; DROP TABLE y; --: not a plain lower-case SQL identifier'],
    ],
    ['an upper-case column', [{ table: 't', orderBy: ['Id'] }], ['t.Id: not a plain lower-case SQL identifier']],
    ['a bad omitted column', [{ table: 't', orderBy: ['id'], omit: ['a b'] }], ['t.a b: not a plain lower-case SQL identifier']],
    [
      'a bad tenant key column',
      [{ table: 't', orderBy: ['id'], tenantKey: { column: 'x;', prefix: 'tenant:' } }],
      ['t.x;: not a plain lower-case SQL identifier'],
    ],
    ['no order', [{ table: 't', orderBy: [] }], ['t: no orderBy column']],
    [
      'a table twice',
      [
        { table: 't', orderBy: ['id'] },
        { table: 't', orderBy: ['id'] },
      ],
      ['t: declared twice'],
    ],
  ])('%s', (_case, tables, problems) => {
    expect(tenantTableProblems(tables)).toEqual(problems);
  });
});

describe('tenantTableDrift', () => {
  const declared: TenantTable[] = [
    { table: 'a', orderBy: ['id'] },
    { table: 'b', orderBy: ['id'] },
  ];
  it.each<[string, string[], { undeclared: string[]; missing: string[] }]>([
    ['the same tables', ['a', 'b'], { undeclared: [], missing: [] }],
    ['a table the list forgot', ['a', 'b', 'new_table'], { undeclared: ['new_table'], missing: [] }],
    ['a declared table the database lacks', ['a'], { undeclared: [], missing: ['b'] }],
    ['both', ['c', 'a'], { undeclared: ['c'], missing: ['b'] }],
  ])('%s', (_case, inDatabase, drift) => {
    expect(tenantTableDrift(declared, inDatabase)).toEqual(drift);
  });

  it('does not expect a table keyed otherwise (tenantKey) to have a tenant_id column', () => {
    const keyed: TenantTable = { table: 'bucket', orderBy: ['bucket'], tenantKey: { column: 'bucket', prefix: 'tenant:' } };
    expect(tenantTableDrift([...declared, keyed], ['a', 'b'])).toEqual({ undeclared: [], missing: [] });
  });
});

describe('tenantMatch', () => {
  it.each<[string, TenantTable, { column: string; value: string }]>([
    ['the tenant_id column', { table: 't', orderBy: ['id'] }, { column: 'tenant_id', value: 'acme' }],
    [
      'a tenant key',
      { table: 'b', orderBy: ['bucket'], tenantKey: { column: 'bucket', prefix: 'tenant:' } },
      { column: 'bucket', value: 'tenant:acme' },
    ],
  ])('%s', (_case, table, match) => {
    expect(tenantMatch(table, 'acme')).toEqual(match);
  });
});

describe('findTenantTable', () => {
  it.each([
    ['a', true],
    ['c', false],
  ])('%s is declared: %s', (name, found) => {
    expect(findTenantTable([{ table: 'a', orderBy: ['id'] }], name) !== undefined).toBe(found);
  });
});
