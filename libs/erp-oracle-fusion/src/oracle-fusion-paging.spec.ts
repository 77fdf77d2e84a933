import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { OracleFusionConnector } from './oracle-fusion-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'oracle_fusion',
  authKind: 'basic',
  baseUrl: 'https://acme.fa.ocs.oraclecloud.com',
  settings: { username: 'ferry' },
  credentials: { password: 'p' },
};

describe('Oracle paged reads', () => {
  it('stop at the page cap when the ERP says hasMore for ever', async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return Response.json({ items: [], hasMore: true });
    }) as unknown as typeof fetch;
    const error = (await new OracleFusionConnector(fetchImpl, 1000, 1).listRecords(connection, 'accounts').then(
      () => undefined,
      (failure: unknown) => failure,
    )) as ErpError;
    expect(error).toMatchObject({ errorClass: 'validation', details: { erpCode: 'PAGING_REFUSED' } });
    expect(calls).toBe(1000);
  });

  it('read every page while hasMore, then stop', async () => {
    let calls = 0;
    const fetchImpl = (async (input: string) => {
      calls++;
      const offset = Number(new URL(input).searchParams.get('offset'));
      return Response.json({
        items: [{ SourceSystemReferenceValue: `c-${offset}`, links: [{ rel: 'self', href: `x/${offset}` }] }],
        hasMore: offset < 2,
      });
    }) as unknown as typeof fetch;
    const records = await new OracleFusionConnector(fetchImpl, 1000, 1).listRecords(connection, 'accounts');
    expect(records.map((record) => record.externalId)).toEqual(['c-0', 'c-1', 'c-2']);
    expect(calls).toBe(3);
  });
});
