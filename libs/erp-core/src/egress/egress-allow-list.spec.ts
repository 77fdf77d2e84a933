import { allowListed, hostMatches } from './egress-allow-list';

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
