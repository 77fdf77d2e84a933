import type { ErpConnectionContext } from '@ferry/erp-core';
import { Dynamics365Connector } from './dynamics365-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'dynamics365',
  authKind: 'oauth2_client_credentials',
  baseUrl: 'https://acme.crm4.dynamics.com',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1', environmentUrl: 'https://acme.crm4.dynamics.com' },
  credentials: { clientSecret: 's1' },
};

/** A fake Entra ID and Dataverse: every token request gets a new token; every API call records its host and token. */
function fakeDataverse() {
  const calls: { host: string; authorization: string | null }[] = [];
  let issued = 0;
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/oauth2/v2.0/token')) return Response.json({ access_token: `token-${++issued}`, expires_in: 3600 });
    calls.push({ host: url.host, authorization: new Headers(init?.headers).get('authorization') });
    return Response.json({ value: [] });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('Dataverse bearer tokens after a connection change', () => {
  it('are reused while the connection is unchanged', async () => {
    const dataverse = fakeDataverse();
    const connector = new Dynamics365Connector(dataverse.fetchImpl);
    await connector.listRecords(connection, 'accounts');
    await connector.listRecords({ ...connection }, 'accounts');
    expect(dataverse.calls.map((call) => call.authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
  });

  it('are never sent to the new environment: a re-pointed connection gets a token of its own', async () => {
    const dataverse = fakeDataverse();
    const connector = new Dynamics365Connector(dataverse.fetchImpl);
    await connector.listRecords(connection, 'accounts');
    const repointed = { ...connection, settings: { ...connection.settings, environmentUrl: 'https://other.crm4.dynamics.com' } };
    await connector.listRecords(repointed, 'accounts');
    expect(dataverse.calls).toEqual([
      { host: 'acme.crm4.dynamics.com', authorization: 'Bearer token-1' },
      { host: 'other.crm4.dynamics.com', authorization: 'Bearer token-2' },
    ]);
  });
});
