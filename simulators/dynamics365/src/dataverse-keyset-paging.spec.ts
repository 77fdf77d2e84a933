import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { STRICT_EGRESS, configureEgress, type ErpConnectionContext, type ErpRecord } from '@ferry/erp-core';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { createDataverseSimulator } from './dataverse-simulator';

/** Real: the Dataverse simulator over HTTP and the Dynamics connector, egress in local-development mode (loopback http). */
describe("Dynamics connector's keyset read against the Dataverse simulator: every record once, in external-id order", () => {
  let server: Server;
  let connection: ErpConnectionContext;
  const connector = new Dynamics365Connector(fetch);
  const externalIds = ['ferry-c-05', 'ferry-c-01', 'ferry-c-10', 'ferry-c-03', 'ferry-c-07', 'ferry-c-02', 'ferry-c-09'];

  beforeAll(async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const simulator = createDataverseSimulator();
    server = await new Promise<Server>((resolve) => {
      const listening = simulator.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${base}/__admin/environments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'acme', directoryId: 'dir-1', clients: [{ clientId: 'c1', clientSecret: 's1' }] }),
    });
    connection = {
      tenantId: 't1',
      connectionId: 'd365',
      erpKind: 'dynamics365',
      authKind: 'oauth2_client_credentials_secret',
      baseUrl: `${base}/acme`,
      settings: { clientId: 'c1', tenantDirectoryId: 'dir-1', tokenUrl: `${base}/dir-1/oauth2/v2.0/token` },
      credentials: { clientSecret: 's1' },
    };
    for (const externalId of externalIds)
      await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { name: externalId } });
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
    [3, undefined, 3, [...externalIds].sort()],
    [7, undefined, 1, [...externalIds].sort()],
    [100, undefined, 1, [...externalIds].sort()],
    [2, 'ferry-c-05', 2, ['ferry-c-07', 'ferry-c-09', 'ferry-c-10']],
    [2, 'ferry-c-10', 0, []],
  ])('page size %p after %p: %p pages', async (pageSize, after, pages, ids) => {
    expect(await read(pageSize, after)).toEqual({ pages, ids });
  });

  it('reads the record as written, with its last change', async () => {
    const [first] = (await connector.readInExternalIdOrder(connection, 'accounts', { pageSize: 1 })[Symbol.asyncIterator]().next())
      .value as ErpRecord[];
    expect(first).toMatchObject({ externalId: 'ferry-c-01', fields: { name: 'ferry-c-01' }, lastModified: expect.any(String) });
  });
});
