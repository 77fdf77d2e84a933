import { operatorKeyEntry, parseOperatorKeys } from './operator-keys';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

describe('parseOperatorKeys', () => {
  it.each<[string, string, { names: string[]; problems: string[] }]>([
    ['nothing configured', '', { names: [], problems: [] }],
    ['two operators', `alice:admin:${hashA}, bob:viewer:${hashB}`, { names: ['alice', 'bob'], problems: [] }],
    ['an unknown role', `alice:root:${hashA}`, { names: [], problems: ['entry 1 (alice): role must be one of viewer, operator, admin'] }],
    [
      'a token instead of its hash',
      `alice:admin:plain-token`,
      { names: [], problems: ['entry 1 (alice): the token hash must be 64 lower-case hex digits (sha256)'] },
    ],
    [
      'a name with capitals',
      `Alice:admin:${hashA}`,
      { names: [], problems: ['entry 1: must be name:role:sha256hex with a lower-case name (a-z, 0-9, . _ -)'] },
    ],
    [
      'too many parts',
      `alice:admin:${hashA}:x`,
      { names: [], problems: ['entry 1: must be name:role:sha256hex with a lower-case name (a-z, 0-9, . _ -)'] },
    ],
    [
      'a name twice',
      `alice:admin:${hashA},alice:viewer:${hashB}`,
      { names: ['alice'], problems: ['entry 2: operator alice is named twice'] },
    ],
    [
      'one token for two operators',
      `alice:admin:${hashA},bob:viewer:${hashA}`,
      { names: ['alice'], problems: ['entry 2 (bob): the same token as another operator'] },
    ],
  ])('%s', (_case, value, expected) => {
    const { keys, problems } = parseOperatorKeys(value);
    expect({ names: keys.map((key) => key.name), problems }).toEqual(expected);
  });

  it('never echoes a configured hash in a problem', () => {
    expect(parseOperatorKeys(`alice:root:${hashA}`).problems.join(' ')).not.toContain(hashA);
  });
});

describe('operatorKeyEntry', () => {
  it.each<[string, string, { entry: string } | { problem: string }]>([
    ['alice', 'admin', { entry: `alice:admin:${hashA}` }],
    ['alice', 'root', { problem: 'entry 1 (alice): role must be one of viewer, operator, admin' }],
    ['Alice', 'viewer', { problem: 'entry 1: must be name:role:sha256hex with a lower-case name (a-z, 0-9, . _ -)' }],
  ])('%s as %s', (name, role, expected) => {
    expect(operatorKeyEntry(name, role, hashA)).toEqual(expected);
  });
});
