import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErpError, STRICT_EGRESS, configureEgress } from '@ferry/erp-core';
import { NetSuiteSoapConnector, allowedImportLocation } from './netsuite-soap-connector';

describe('allowedImportLocation: where a tenant-served WSDL may import from', () => {
  afterEach(() => configureEgress(STRICT_EGRESS));

  it.each<[string, string | undefined]>([
    ['https://1234.suitetalk.api.netsuite.com/xsd/platform/core.xsd', undefined],
    ['file:///etc/passwd', 'is not an http(s) URL'],
    ['/etc/passwd', 'is not an http(s) URL'],
    ['http://169.254.169.254/latest/meta-data/', 'must use https'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://127.0.0.1:8081/apis', 'loopback'],
    ['https://evil.example/core.xsd', 'is not a NetSuite host'],
  ])('%s → %s', (location, refusal) => {
    if (refusal === undefined) expect(allowedImportLocation(location)).toBe(location);
    else expect(() => allowedImportLocation(location)).toThrow(refusal);
  });
});

describe('SuiteTalk WSDL fetch', () => {
  let server: Server;
  let internalHits = 0;
  let url = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith('/internal')) {
        internalHits += 1;
        response.end('<definitions/>');
      } else response.writeHead(302, { location: `${url}/internal?wsdl` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    configureEgress(STRICT_EGRESS);
    await new Promise((resolve) => server.close(resolve));
  });

  const connection = (baseUrl: string) => ({
    tenantId: 't1',
    connectionId: 'c1',
    erpKind: 'netsuite_soap',
    authKind: 'tba',
    baseUrl,
    settings: {},
    credentials: {},
  });
  const upsert = { recordType: 'customer', externalId: 'e1', payload: { companyName: 'Acme' } };

  it('refuses a loopback WSDL endpoint when the local-development switch is off', async () => {
    const failure = await new NetSuiteSoapConnector().upsert(connection(`${url}/services/NetSuitePort`), upsert).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ErpError);
    expect(failure).toMatchObject({ errorClass: 'validation', details: { erpCode: 'EGRESS_REFUSED' } });
    expect(internalHits).toBe(0);
  });

  it('does not follow a WSDL redirect', async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const failure = await new NetSuiteSoapConnector().upsert(connection(`${url}/services/NetSuitePort`), upsert).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ErpError);
    expect(internalHits).toBe(0);
  });
});
