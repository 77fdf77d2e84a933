import { ErpError } from './erp-error';
import { followNextPage, nextPage, type NextPage } from './erp-paging';

const base = 'https://acme.crm4.dynamics.com/api/data/v9.2';
const current = `${base}/accounts`;

describe('following a next-page link', () => {
  it.each<[string, string | null | undefined, number, NextPage]>([
    ['no next link: the read is complete', undefined, 1, { action: 'done' }],
    ['an empty next link', '', 1, { action: 'done' }],
    ['a null next link', null, 1, { action: 'done' }],
    ['same scheme, host and port', `${base}/accounts?$skiptoken=2`, 1, { action: 'follow', url: `${base}/accounts?$skiptoken=2` }],
    [
      'the default port written out',
      'https://acme.crm4.dynamics.com:443/x',
      1,
      { action: 'follow', url: 'https://acme.crm4.dynamics.com/x' },
    ],
    ['host in other letter case', 'https://ACME.crm4.dynamics.com/x', 1, { action: 'follow', url: 'https://acme.crm4.dynamics.com/x' }],
    [
      'a relative link, resolved on the page it came from',
      'accounts?$skiptoken=3',
      1,
      { action: 'follow', url: `${base}/accounts?$skiptoken=3` },
    ],
    [
      'another host',
      'https://evil.example/accounts',
      1,
      { action: 'refuse', reason: expect.stringContaining('https://evil.example:443') as string },
    ],
    [
      'a sibling subdomain',
      'https://other.crm4.dynamics.com/x',
      1,
      { action: 'refuse', reason: expect.stringContaining('only the configured host') as string },
    ],
    [
      'plain http to the same host',
      'http://acme.crm4.dynamics.com/x',
      1,
      { action: 'refuse', reason: expect.stringContaining('http://acme.crm4.dynamics.com:80') as string },
    ],
    ['another port', 'https://acme.crm4.dynamics.com:8443/x', 1, { action: 'refuse', reason: expect.stringContaining(':8443') as string }],
    [
      'credentials smuggled in the authority',
      'https://acme.crm4.dynamics.com@evil.example/x',
      1,
      { action: 'refuse', reason: expect.stringContaining('evil.example') as string },
    ],
    [
      'a protocol-relative link to another host',
      '//evil.example/x',
      1,
      { action: 'refuse', reason: expect.stringContaining('evil.example') as string },
    ],
    ['not a URL', 'http://[::1', 1, { action: 'refuse', reason: 'the next-page link is not a URL' }],
    ['the page cap reached', `${base}/accounts?$skiptoken=1001`, 1000, { action: 'refuse', reason: 'the read has more than 1000 pages' }],
    ['the page cap reached with no next link', undefined, 1000, { action: 'done' }],
  ])('%s', (_case, next, pagesRead, decision) => {
    expect(nextPage({ baseUrl: base, currentUrl: current, next, pagesRead })).toEqual(decision);
  });

  it('a refusal is a permanent ErpError with the reason', () => {
    expect(() => followNextPage('dynamics365', 'list', { action: 'refuse', reason: 'r' })).toThrow(ErpError);
    expect(() => followNextPage('dynamics365', 'list', { action: 'refuse', reason: 'r' })).toThrow('dynamics365 list stopped: r');
  });
});
