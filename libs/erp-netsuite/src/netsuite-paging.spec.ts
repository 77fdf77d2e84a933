import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { NetSuiteConnector } from './netsuite-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'netsuite',
  authKind: 'oauth1_tba',
  baseUrl: 'https://1234.suitetalk.api.netsuite.com',
  settings: { accountId: '1234', consumerKey: 'ck', tokenId: 'tk' },
  credentials: { consumerSecret: 'cs', tokenSecret: 'ts' },
};

describe('SuiteQL paged reads', () => {
  it('stop at the page cap when NetSuite says hasMore for ever', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return Response.json({ items: [], hasMore: true });
    }) as unknown as typeof fetch;
    const error = (await new NetSuiteConnector(undefined, fetchImpl, 1000, 1).suiteql(connection, 'SELECT id FROM customer').then(
      () => undefined,
      (failure: unknown) => failure,
    )) as ErpError;
    expect(error).toMatchObject({ errorClass: 'validation', details: { erpCode: 'PAGING_REFUSED' } });
    expect(calls).toBe(1000);
  });

  it('pages by offset until hasMore is false', async () => {
    const offsets: string[] = [];
    const fetchImpl = (async (input: string) => {
      const offset = new URL(input).searchParams.get('offset')!;
      offsets.push(offset);
      return Response.json({ items: [{ id: offset }], hasMore: offset !== '2' });
    }) as unknown as typeof fetch;
    const rows = await new NetSuiteConnector(undefined, fetchImpl, 1000, 1).suiteql(connection, 'SELECT id FROM customer');
    expect(rows).toEqual([{ id: '0' }, { id: '1' }, { id: '2' }]);
    expect(offsets).toEqual(['0', '1', '2']);
  });
});
