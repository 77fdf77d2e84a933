import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { STRICT_EGRESS, configureEgress, type ErpConnectionContext, type ErpRecord } from '@ferry/erp-core';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { createOracleFusionSimulator } from './oracle-fusion-simulator';

/** Real: the Oracle Fusion simulator over HTTP and the Oracle connector, egress in local-development mode (loopback http). */
describe("Oracle connector's keyset read against the Oracle Fusion simulator: every record once, in external-id order", () => {
  let server: Server;
  let connection: ErpConnectionContext;
  const connector = new OracleFusionConnector(fetch);
  const externalIds = ['ferry-c-05', 'ferry-c-01', 'ferry-c-10', 'ferry-c-03', 'ferry-c-07', 'ferry-c-02', 'ferry-c-09'];
  const sorted = [...externalIds].sort();

  beforeAll(async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const simulator = createOracleFusionSimulator();
    server = await new Promise<Server>((resolve) => {
      const listening = simulator.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${base}/__admin/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'acme', users: [{ username: 'ferry', password: 'secret' }] }),
    });
    connection = {
      tenantId: 't1',
      connectionId: 'oracle',
      erpKind: 'oracle_fusion',
      authKind: 'basic',
      baseUrl: `${base}/acme`,
      settings: { username: 'ferry' },
      credentials: { password: 'secret' },
    };
    for (const externalId of externalIds)
      await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { OrganizationName: externalId } });
  });
  afterAll(async () => {
    configureEgress(STRICT_EGRESS);
    await new Promise((resolve) => server.close(resolve));
  });

  async function read(pageSize: number, afterExternalId?: string): Promise<{ pages: number; ids: string[] }> {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of connector.readInExternalIdOrder(connection, 'accounts', {
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
    [100, undefined, 1, sorted],
    [2, 'ferry-c-05', 2, ['ferry-c-07', 'ferry-c-09', 'ferry-c-10']],
    [2, 'ferry-c-10', 0, []],
  ])('page size %p after %p: %p pages', async (pageSize, after, pages, ids) => {
    expect(await read(pageSize, after)).toEqual({ pages, ids });
  });

  it('reads the record as written, with its last change', async () => {
    const [first] = (await connector.readInExternalIdOrder(connection, 'accounts', { pageSize: 1 })[Symbol.asyncIterator]().next())
      .value as ErpRecord[];
    expect(first).toMatchObject({ externalId: 'ferry-c-01', fields: { OrganizationName: 'ferry-c-01' }, lastModified: expect.any(String) });
  });
});
