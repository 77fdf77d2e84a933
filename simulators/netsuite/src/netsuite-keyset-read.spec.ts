import type { ErpConnectionContext, ErpRecord } from '@ferry/erp-core';
import { NetSuiteConnector } from '@ferry/erp-netsuite';
import type { StoredRecord } from './account-store';
import { parseSuiteQl, runSuiteQl } from './suiteql';

/**
 * Real: the NetSuite connector and the simulator's SuiteQL engine (parse, filter, order); faked: the HTTP layer,
 * a fetch that answers SuiteQL pages and record GETs from the records below (TBA signs in-process, no token call).
 */
describe("NetSuite connector's keyset read: SuiteQL pages on externalid, then each record", () => {
  const connection: ErpConnectionContext = {
    tenantId: 't1',
    connectionId: 'ns',
    erpKind: 'netsuite',
    authKind: 'oauth1_tba',
    baseUrl: 'https://1234.suitetalk.api.netsuite.com',
    settings: { accountId: '1234', consumerKey: 'ck', tokenId: 'tk' },
    credentials: { consumerSecret: 'cs', tokenSecret: 'ts' },
  };
  const externalIds = ['ferry-c-05', 'ferry-c-01', null, 'ferry-c-10', 'ferry-c-03', 'ferry-c-07', 'ferry-c-02', 'ferry-c-09'];
  const records: StoredRecord[] = externalIds.map((externalId, index) => ({
    id: String(100 + index),
    externalId,
    fields: { companyName: externalId ?? 'created in NetSuite', currency: { refName: 'USD' } },
    dateCreated: '2026-11-20T10:00:00Z',
    lastModifiedDate: '2026-11-20T10:00:00Z',
    writeCount: 1,
  }));
  const queries: string[] = [];
  const fetchImpl = (async (input: string, init: RequestInit) => {
    const url = new URL(input);
    if (url.pathname.endsWith('/suiteql')) {
      const { q } = JSON.parse(String(init.body)) as { q: string };
      queries.push(q);
      const limit = Number(url.searchParams.get('limit'));
      const rows = runSuiteQl(parseSuiteQl(q), records);
      return Response.json({ items: rows.slice(0, limit), hasMore: rows.length > limit });
    }
    const id = url.pathname.split('/').pop();
    const record = records.find((candidate) => candidate.id === id)!;
    return Response.json({ id: record.id, externalId: record.externalId, lastModifiedDate: record.lastModifiedDate, ...record.fields });
  }) as unknown as typeof fetch;
  const connector = new NetSuiteConnector(undefined, fetchImpl);
  const sorted = (externalIds.filter(Boolean) as string[]).sort();

  async function read(pageSize: number, afterExternalId?: string): Promise<{ pages: number; ids: string[] }> {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of connector.readInExternalIdOrder(connection, 'customer', {
      pageSize,
      ...(afterExternalId ? { afterExternalId } : {}),
    })) {
      pages += 1;
      ids.push(...page.map((record: ErpRecord) => record.externalId!));
    }
    return { pages, ids };
  }

  it.each<[number, string | undefined, number, string[]]>([
    [3, undefined, 3, sorted],
    [7, undefined, 1, sorted],
    [2, 'ferry-c-05', 2, ['ferry-c-07', 'ferry-c-09', 'ferry-c-10']],
    [2, 'ferry-c-10', 0, []],
  ])('page size %p after %p: %p pages, records without an external id left out', async (pageSize, after, pages, ids) => {
    expect(await read(pageSize, after)).toEqual({ pages, ids });
  });

  it("asks SuiteQL for the next page after the last external id, and reads the record API's shape", async () => {
    queries.length = 0;
    const [first] = (await connector.readInExternalIdOrder(connection, 'customer', { pageSize: 1 })[Symbol.asyncIterator]().next())
      .value as ErpRecord[];
    expect(queries).toEqual(['SELECT id, externalid FROM customer WHERE externalid IS NOT NULL ORDER BY externalid']);
    expect(first).toMatchObject({ externalId: 'ferry-c-01', fields: { companyName: 'ferry-c-01', currency: { refName: 'USD' } } });
    await read(3, 'ferry-c-02');
    expect(queries.slice(1, 2)).toEqual(["SELECT id, externalid FROM customer WHERE externalid > 'ferry-c-02' ORDER BY externalid"]);
  });
});
