import { connectionDestinationRefusals } from './destination-check';
import { STRICT_EGRESS } from './egress-policy';

// DNS answers as an attacker's zone would give them: a name on a vendor's domain cannot be registered here, so
// the names are webhook/SFTP hosts (any public host), and one of them points at internal addresses.
const ANSWERS: Record<string, string[]> = {
  'hooks.partner.example': ['93.184.215.14'],
  'rebind.attacker.example': ['93.184.215.14', '127.0.0.1'],
  'metadata.attacker.example': ['169.254.169.254'],
  'files.attacker.example': ['10.0.0.7'],
};
jest.mock('node:dns/promises', () => ({
  lookup: async (host: string) => {
    const addresses = ANSWERS[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  },
}));

describe('connectionDestinationRefusals (save time, with DNS)', () => {
  it.each<[string, { erpKind: string; baseUrl: string; settings: Record<string, string> }, string[], string]>([
    ['a public webhook', { erpKind: 'webhook', baseUrl: 'https://hooks.partner.example/ep', settings: {} }, [], ''],
    [
      'a name with one loopback address among public ones',
      { erpKind: 'webhook', baseUrl: 'https://rebind.attacker.example/ep', settings: {} },
      ['baseUrl'],
      'rebind.attacker.example resolves to 127.0.0.1, a loopback address',
    ],
    [
      'a name pointing at the metadata service',
      { erpKind: 'webhook', baseUrl: 'https://metadata.attacker.example/latest', settings: {} },
      ['baseUrl'],
      'link-local',
    ],
    [
      'an SFTP host name resolving to a private address',
      { erpKind: 'csv_sftp', baseUrl: 'sftp://hooks.partner.example', settings: { host: 'files.attacker.example' } },
      ['settings.host'],
      'private',
    ],
    [
      'a policy refusal and a DNS refusal together',
      { erpKind: 'webhook', baseUrl: 'http://hooks.partner.example', settings: { tokenUrl: 'https://metadata.attacker.example/t' } },
      ['baseUrl', 'settings.tokenUrl'],
      'must use https',
    ],
    [
      'a name that does not resolve (judged again on every call)',
      { erpKind: 'webhook', baseUrl: 'https://nowhere.invalid/ep', settings: {} },
      [],
      '',
    ],
  ])('%s', async (_case, connection, fields, firstProblem) => {
    const problems = await connectionDestinationRefusals(connection, STRICT_EGRESS);
    expect(problems.map(({ field }) => field)).toEqual(fields);
    if (firstProblem) expect(problems[0]?.problem).toContain(firstProblem);
  });

  it('lets the operator allow-list name an internal host', async () => {
    const connection = { erpKind: 'csv_sftp', baseUrl: 'sftp://files.attacker.example', settings: {} };
    expect(await connectionDestinationRefusals(connection, { localDevelopment: false, allowList: ['10.0.0.0/8'] })).toEqual([]);
  });
});
