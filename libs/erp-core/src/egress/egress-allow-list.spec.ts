import { allowListEntryProblem, allowListed, hostMatches } from './egress-allow-list';

describe('allowListEntryProblem', () => {
  it.each(['erp.internal.example', '*.internal.example', '10.1.2.3', '10.20.0.0/16', 'fd00::/8', '::1', 'sap-gw'])(
    'accepts %s',
    (entry) => {
      expect(allowListEntryProblem(entry)).toBeUndefined();
    },
  );

  it.each([
    ['10.0.0.0/33', 'prefix outside'],
    ['fd00::/129', 'prefix outside'],
    ['erp.example/8', 'not a CIDR block'],
    ['10.0.0.0/8/8', 'more than one'],
    ['http://erp.example', 'more than one'],
    ['erp.example:443', 'neither'],
    ['*', 'neither'],
    ['a..b', 'neither'],
  ])('refuses %s (%s)', (entry, problem) => {
    expect(allowListEntryProblem(entry)).toContain(problem);
  });
});

describe('hostMatches', () => {
  it.each<[string, string, boolean]>([
    ['*.netsuite.com', '1234.suitetalk.api.netsuite.com', true],
    ['*.netsuite.com', 'NETSUITE.COM', false],
    ['*.netsuite.com', 'evilnetsuite.com', false],
    ['*.netsuite.com', 'netsuite.com.evil.example', false],
    ['*.netsuite.com', 'acme.netsuite.com.', true],
    ['login.microsoftonline.com', 'Login.MicrosoftOnline.com', true],
    ['login.microsoftonline.com', 'x.login.microsoftonline.com', false],
  ])('%s matches %s: %s', (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });
});

describe('allowListed', () => {
  const allowList = ['erp.internal.example', '*.corp.example', '10.20.0.0/16', '192.168.1.5', 'fd00::/8'];
  it.each<[string, boolean]>([
    ['erp.internal.example', true],
    ['other.internal.example', false],
    ['sap.corp.example', true],
    ['10.20.30.40', true],
    ['10.21.0.1', false],
    ['192.168.1.5', true],
    ['192.168.1.6', false],
    ['fd00::5', true],
    ['fe80::5', false],
    ['127.0.0.1', false],
  ])('%s: %s', (hostOrAddress, expected) => {
    expect(allowListed(allowList, hostOrAddress)).toBe(expected);
  });
});
