import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { Dynamics365Connector } from './dynamics365-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'dynamics365',
  authKind: 'oauth2_client_credentials',
  baseUrl: 'https://acme.crm4.dynamics.com',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1' },
  credentials: { clientSecret: 's1' },
};

/** A fake Dataverse whose list pages are produced by `page(n)`; records which hosts received the bearer token. */
function dataverse(page: (n: number) => Response) {
  const hosts: string[] = [];
  let pages = 0;
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/oauth2/v2.0/token')) return Response.json({ access_token: 'token', expires_in: 3600 });
    hosts.push(url.host);
    return page(++pages);
  }) as typeof fetch;
  return { hosts, connector: new Dynamics365Connector(fetchImpl) };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ErpError,
  );
const row = { accountid: 'a1', name: 'Acme', ferry_externalid: 'c-1' };

describe('Dataverse paged reads', () => {
  it('follow @odata.nextLink on the configured host', async () => {
    const { hosts, connector } = dataverse((n) =>
      Response.json({
        value: [row],
        ...(n < 3 ? { '@odata.nextLink': `https://acme.crm4.dynamics.com/api/data/v9.2/accounts?p=${n + 1}` } : {}),
      }),
    );
    expect(await connector.listRecords(connection, 'accounts')).toHaveLength(3);
    expect(hosts).toEqual(['acme.crm4.dynamics.com', 'acme.crm4.dynamics.com', 'acme.crm4.dynamics.com']);
  });

  it('refuse a next link to another host, which never receives the token', async () => {
    const { hosts, connector } = dataverse(() => Response.json({ value: [row], '@odata.nextLink': 'https://evil.example/steal' }));
    const error = await failure(connector.listRecords(connection, 'accounts'));
    expect(error).toMatchObject({ errorClass: 'validation', details: { erpCode: 'PAGING_REFUSED' } });
    expect(hosts).toEqual(['acme.crm4.dynamics.com']);
  });

  it('stop an endless chain of pages at the page cap', async () => {
    const { hosts, connector } = dataverse((n) =>
      Response.json({ value: [], '@odata.nextLink': `https://acme.crm4.dynamics.com/api/data/v9.2/accounts?p=${n + 1}` }),
    );
    const error = await failure(connector.listRecords(connection, 'accounts'));
    expect(error?.message).toContain('more than 1000 pages');
    expect(hosts).toHaveLength(1000);
  });

  it('refuse a page larger than the byte cap', async () => {
    const { connector } = dataverse(() => Response.json({ value: [{ ...row, name: 'x'.repeat(17 * 1024 * 1024) }] }));
    expect(await failure(connector.listRecords(connection, 'accounts'))).toMatchObject({
      errorClass: 'validation',
      details: { erpCode: 'RESPONSE_TOO_LARGE' },
    });
  });
});
