import { parseConsoleUpstreams, proxyTarget } from './console-upstreams';

describe('parseConsoleUpstreams', () => {
  it.each([
    ['', [], []],
    ['control-plane=http://127.0.0.1:3006', [['control-plane', 'http://127.0.0.1:3006']], []],
    [
      ' control-plane=http://a:1/ignored/path , delivery-netsuite=https://b ',
      [
        ['control-plane', 'http://a:1'],
        ['delivery-netsuite', 'https://b'],
      ],
      [],
    ],
    ['control-plane', [], ['"control-plane" is not <service-name>=<http(s) URL>']],
    ['Bad_Name=http://a', [], ['"Bad_Name=http://a" is not <service-name>=<http(s) URL>']],
    ['x=not a url', [], ['x: "not a url" is not a URL']],
    ['x=file:///etc', [], ['x: only http and https URLs']],
    ['x=http://user:pw@a', [], ['x: the URL must not carry credentials']],
    ['x=http://a,x=http://b', [['x', 'http://a']], ['x: named twice']],
  ])('%j → %j, problems %j', (value, expected, problems) => {
    const parsed = parseConsoleUpstreams(value);
    expect([...parsed.upstreams]).toEqual(expected);
    expect(parsed.problems).toEqual(problems);
  });
});

describe('proxyTarget', () => {
  const upstreams = new Map([['delivery-netsuite', 'http://127.0.0.1:3003']]);
  it.each([
    ['delivery-netsuite', 'v1/tenants/acme/delivery-lanes', 'http://127.0.0.1:3003/v1/tenants/acme/delivery-lanes'],
    ['delivery-netsuite', 'v1/tenants/acme/delivery-lanes/c-1/resume', 'http://127.0.0.1:3003/v1/tenants/acme/delivery-lanes/c-1/resume'],
    ['delivery-netsuite', 'v1/tenants/acme/x?limit=5&a=b', 'http://127.0.0.1:3003/v1/tenants/acme/x?limit=5&a=b'],
  ])('%s %s → %s', (service, path, url) => {
    expect(proxyTarget(upstreams, service, path)).toEqual({ allowed: true, url });
  });

  it.each([
    ['unknown', 'v1/tenants/acme/x', 404],
    ['delivery-netsuite', 'health', 400],
    ['delivery-netsuite', 'metrics', 400],
    ['delivery-netsuite', 'v1/tenants', 400],
    ['delivery-netsuite', 'v1/tenants/', 400],
    ['delivery-netsuite', 'v1/tenants/../../health', 400],
    ['delivery-netsuite', 'v1/tenants/acme/../../../health', 400],
    ['delivery-netsuite', 'v1/tenants/acme/%2e%2e/x', 400],
    ['delivery-netsuite', 'v1/tenants/acme//x', 400],
    ['delivery-netsuite', 'v1/operations/secret-rotation', 400],
    ['delivery-netsuite', 'v1/tenants/a@evil.example/x', 400],
  ])('refuses %s %s with %d', (service, path, status) => {
    expect(proxyTarget(upstreams, service, path)).toMatchObject({ allowed: false, status });
  });
});
