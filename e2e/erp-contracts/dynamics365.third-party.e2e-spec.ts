import { randomBytes, randomUUID } from 'node:crypto';
import { DynamicsWebApi } from 'dynamics-web-api';
import { createDataverseSimulator } from '@ferry/dynamics365-simulator';
import { serve } from './http-server';

/** The Dataverse simulator as seen by the community dynamics-web-api client (upsert, paging, $batch). */
describe('Dataverse simulator driven by the dynamics-web-api client', () => {
  const { app } = createDataverseSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let client: DynamicsWebApi;
  const environment = `org${randomBytes(3).toString('hex')}`;
  const directory = randomUUID();

  beforeAll(async () => {
    server = await serve(app);
    await fetch(`${server.url}/__admin/environments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: environment, directoryId: directory, clients: [{ clientId: 'app', clientSecret: 'pw' }] }),
    });
    const token = async () => {
      const response = await fetch(`${server.url}/${directory}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'app',
          client_secret: 'pw',
          scope: `${server.url}/${environment}/.default`,
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    client = new DynamicsWebApi({ serverUrl: `${server.url}/${environment}/`, dataApi: { version: '9.2' }, onTokenRefresh: token });
  });
  afterAll(async () => server.close());

  it('upserts on an alternate key and retrieves the row with its ETag', async () => {
    const created = await client.upsert<Record<string, unknown>, Record<string, unknown>>({
      collection: 'accounts',
      key: "ferry_externalid='dwa-1'",
      data: { name: 'Fabrikam' },
      returnRepresentation: true,
    });
    expect(created).toMatchObject({ name: 'Fabrikam', ferry_externalid: 'dwa-1' });
    const read = await client.retrieve<Record<string, unknown>>({
      collection: 'accounts',
      key: "ferry_externalid='dwa-1'",
      select: ['name'],
    });
    expect(read['name']).toBe('Fabrikam');
    expect(String(read['@odata.etag'])).toMatch(/^W\/"\d+"$/);
  });

  it('answers If-None-Match: * on an existing row with 412, which the client reports as a conflict', async () => {
    const result = await client
      .upsert({ collection: 'accounts', key: "ferry_externalid='dwa-1'", data: { name: 'Again' }, ifnonematch: '*' })
      .catch((error: unknown) => error);
    expect(result === null || (result as { status?: number }).status === 412).toBe(true);
  });

  it('pages with odata.maxpagesize and @odata.nextLink (retrieveAll follows it)', async () => {
    for (let i = 0; i < 9; i += 1)
      await client.upsert({ collection: 'accounts', key: `ferry_externalid='page-${i}'`, data: { name: `Page ${i}` } });
    const firstPage = await client.retrieveMultiple({ collection: 'accounts', select: ['name'], maxPageSize: 4 });
    expect(firstPage.value).toHaveLength(4);
    expect(firstPage.oDataNextLink).toContain('$skiptoken');
    const all = await client.retrieveAll({ collection: 'accounts', select: ['name'], maxPageSize: 4 });
    expect(all.value).toHaveLength(10);
  });

  it('runs a $batch change set atomically: one failing operation undoes the others', async () => {
    client.startBatch();
    await client.create({ collection: 'accounts', data: { name: 'Batch A', ferry_externalid: 'batch-a' } });
    await client.create({ collection: 'accounts', data: { name: 'Batch B', ferry_externalid: 'batch-b' } });
    const ok = await client.executeBatch();
    expect(ok).toHaveLength(2);
    client.startBatch();
    await client.create({ collection: 'accounts', data: { name: 'Batch C', ferry_externalid: 'batch-c' } });
    await client.create({ collection: 'accounts', data: { nonexistent_column: 'x' } });
    const failed = (await client.executeBatch().catch((error: unknown) => error)) as unknown;
    expect(JSON.stringify(failed)).toContain('0x80060888');
    const stored = await client.retrieveMultiple({ collection: 'accounts', filter: "ferry_externalid eq 'batch-c'" });
    expect(stored.value).toHaveLength(0);
  });
});
