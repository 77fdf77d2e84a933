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

describe("Dynamics connector's incremental keyset read: only records changed since, still in external-id order", () => {
  let server: Server;
  let base: string;
  let connection: ErpConnectionContext;
  const connector = new Dynamics365Connector(fetch);

  beforeAll(async () => {
    configureEgress({ localDevelopment: true, allowList: [] });
    const simulator = createDataverseSimulator();
    server = await new Promise<Server>((resolve) => {
      const listening = simulator.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  });
  afterAll(async () => {
    configureEgress(STRICT_EGRESS);
    await new Promise((resolve) => server.close(resolve));
  });

  it('after a cut-off, a page read with changedSince holds only the records written since', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await connector.upsert(connection, { recordType: 'accounts', externalId: `ferry-${id}`, payload: { name: id } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cutOff = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const id of ['d', 'b'])
      await connector.upsert(connection, { recordType: 'accounts', externalId: `ferry-${id}`, payload: { name: `${id}2` } });
    const ids: string[] = [];
    for await (const page of connector.readInExternalIdOrder(connection, 'accounts', { pageSize: 1, changedSince: cutOff }))
      ids.push(...page.map((record) => record.externalId!));
    expect(ids).toEqual(['ferry-b', 'ferry-d']);
    expect(connector.changeCursor).toBe('modifiedon');
  });

  it.each([
    ["a string literal (Dataverse's type check)", "modifiedon ge '2026-01-01T00:00:00Z'", /incompatible types/],
    ['text that is not an instant', 'modifiedon ge 2026-13-45', /DateTimeOffset text/],
  ])('refuses modifiedon compared with %s', async (_case, filter, message) => {
    const token = (await (
      await fetch(`${base}/dir-1/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'c1',
          client_secret: 's1',
          scope: `${base}/acme/.default`,
        }),
      })
    ).json()) as { access_token: string };
    const response = await fetch(`${base}/acme/api/data/v9.2/accounts?$filter=${encodeURIComponent(filter)}`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });
});
