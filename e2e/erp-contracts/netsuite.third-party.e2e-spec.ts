import { randomBytes, randomUUID } from 'node:crypto';
import NsApiWrapper from 'netsuite-rest';
import { createNetSuiteSimulator } from '@ferry/netsuite-simulator';
import { serve } from './http-server';

/**
 * The NetSuite simulator as seen by a client Ferry did not write: the community `netsuite-rest` package (TBA,
 * OAuth 1.0a HMAC-SHA256 with realm, via oauth-1.0a + got). If the simulator only mirrored our adapter, this
 * would fail.
 */
describe('NetSuite simulator driven by the netsuite-rest client', () => {
  const { app, store } = createNetSuiteSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  const account = `TSTDRV${randomBytes(3).toString('hex').toUpperCase()}`;
  const token = {
    consumerKey: randomUUID(),
    consumerSecret: randomBytes(16).toString('hex'),
    tokenId: randomUUID(),
    tokenSecret: randomBytes(16).toString('hex'),
  };
  let client: NsApiWrapper;

  beforeAll(async () => {
    server = await serve(app);
    await store.create({ accountId: account, tbaTokens: [token] });
    client = new NsApiWrapper({
      consumer_key: token.consumerKey,
      consumer_secret_key: token.consumerSecret,
      token: token.tokenId,
      token_secret: token.tokenSecret,
      realm: account,
      base_url: `${server.url}/${account}`,
    });
  });

  afterAll(async () => server.close());

  it('upserts by external id (PUT eid:), reads the record back and lists it', async () => {
    const put = await client.request({
      path: 'record/v1/customer/eid:np-1',
      method: 'PUT',
      body: JSON.stringify({ companyName: 'Wayne Enterprises', subsidiary: { id: '1' } }),
    });
    expect(put.statusCode).toBe(204);
    // netsuite-rest spreads got's response, which drops the lazy `headers` getter; rawHeaders survives.
    const location = put.rawHeaders[put.rawHeaders.findIndex((name) => name.toLowerCase() === 'location') + 1] ?? '';
    expect(location).toMatch(new RegExp(`/${account}/services/rest/record/v1/customer/\\d+$`));
    const id = location.split('/').pop()!;
    const record = await client.request({ path: `record/v1/customer/${id}` });
    expect(record.data).toMatchObject({ id, externalId: 'np-1', companyName: 'Wayne Enterprises' });
    const list = await client.request({ path: 'record/v1/customer?limit=10' });
    expect(list.data).toMatchObject({ count: 1, hasMore: false, items: [{ id }] });
  });

  it('answers SuiteQL with paging fields', async () => {
    for (let i = 2; i <= 4; i += 1)
      await client.request({
        path: `record/v1/customer/eid:np-${i}`,
        method: 'PUT',
        body: JSON.stringify({ companyName: `Company ${i}`, subsidiary: { id: '1' } }),
      });
    const page = await client.request({
      path: 'query/v1/suiteql?limit=2&offset=0',
      method: 'POST',
      body: JSON.stringify({ q: 'SELECT id, externalid, companyname FROM customer ORDER BY id' }),
    });
    expect(page.data).toMatchObject({ count: 2, hasMore: true, offset: 0, totalResults: 4 });
    expect(page.data.links.map((link: { rel: string }) => link.rel)).toEqual(['self', 'next']);
  });

  it('answers a bad signature with 401 INVALID_LOGIN in NetSuite’s error format', async () => {
    const wrong = new NsApiWrapper({
      consumer_key: token.consumerKey,
      consumer_secret_key: 'not-the-secret',
      token: token.tokenId,
      token_secret: token.tokenSecret,
      realm: account,
      base_url: `${server.url}/${account}`,
    });
    const error = (await wrong.request({ path: 'record/v1/customer?limit=1' }).catch((e: unknown) => e)) as {
      response: { statusCode: number; body: string };
    };
    expect(error.response.statusCode).toBe(401);
    expect(JSON.parse(error.response.body)).toMatchObject({ status: 401, 'o:errorDetails': [{ 'o:errorCode': 'INVALID_LOGIN' }] });
  });

  it('answers a field NetSuite rejects with 400 and o:errorDetails naming the path', async () => {
    const error = (await client
      .request({ path: 'record/v1/customer/eid:np-bad', method: 'PUT', body: JSON.stringify({ subsidiary: { id: '1' } }) })
      .catch((e: unknown) => e)) as { response: { statusCode: number; body: string; headers: Record<string, string> } };
    expect(error.response.statusCode).toBe(400);
    expect(error.response.headers['content-type']).toContain('application/vnd.oracle.resource+json; type=error');
    expect(JSON.parse(error.response.body)['o:errorDetails'][0]).toMatchObject({
      'o:errorCode': 'USER_ERROR',
      'o:errorPath': 'companyName',
    });
  });
});
