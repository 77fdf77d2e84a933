import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { SapS4Connector } from './sap-s4-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'sap_s4',
  authKind: 'basic',
  baseUrl: 'https://my1234-api.s4hana.ondemand.com',
  settings: { communicationUser: 'FERRY' },
  credentials: { password: 'planted-password' },
};

describe('SAP paged reads', () => {
  it.each([
    ['a relative __next on the configured host', '/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$skiptoken=2', 2, undefined],
    [
      'an absolute __next to another host',
      'https://evil.example/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner',
      1,
      'PAGING_REFUSED',
    ],
  ])('%s', async (_case, next, expectedCalls, erpCode) => {
    const hosts: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      hosts.push(url.host);
      return Response.json({ d: { results: [{ BusinessPartner: `bp${hosts.length}` }], ...(hosts.length === 1 ? { __next: next } : {}) } });
    }) as typeof fetch;
    const outcome = await new SapS4Connector(fetchImpl).listRecords(connection, 'A_BusinessPartner').then(
      (records) => records.length,
      (error: unknown) => (error as ErpError).details.erpCode,
    );
    expect(outcome).toBe(erpCode ?? expectedCalls);
    // The basic-auth password only ever went to the configured host.
    expect(new Set(hosts)).toEqual(new Set(['my1234-api.s4hana.ondemand.com']));
    expect(hosts).toHaveLength(expectedCalls);
  });
});
