import { Topics } from '@ferry/contracts';
import { tenantTombstones } from './tombstones';

describe('tenantTombstones', () => {
  it.each<[string, string[], { topic: string; key: string }[]]>([
    ['a tenant without keys: its configuration only', [], [{ topic: Topics.tenantConfiguration, key: 'acme' }]],
    [
      'a tenant with keys, revoked ones included: each key id',
      ['0123456789ab', 'ba9876543210'],
      [
        { topic: Topics.tenantConfiguration, key: 'acme' },
        { topic: Topics.apiKeys, key: '0123456789ab' },
        { topic: Topics.apiKeys, key: 'ba9876543210' },
      ],
    ],
  ])('%s', (_case, keyIds, tombstones) => {
    expect(tenantTombstones('acme', keyIds)).toEqual(tombstones);
  });
});
