import { randomBytes, randomUUID } from 'node:crypto';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { createOracleFusionSimulator } from '@ferry/oracle-fusion-simulator';
import { serve } from './http-server';

describe('Oracle Fusion connector contract', () => {
  const { app, pods } = createOracleFusionSimulator();
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new OracleFusionConnector(fetch, 5_000, 5);
  const pod = `pod${randomBytes(3).toString('hex')}`;
  const faults = (body: Record<string, unknown>) =>
    fetch(`${server.url}/__admin/pods/${pod}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;

  beforeAll(async () => {
    server = await serve(app);
    await fetch(`${server.url}/__admin/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: pod, users: [{ username: 'ferry.integration', password: 'pw' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'ofc',
      erpKind: 'oracle_fusion',
      authKind: 'basic',
      baseUrl: `${server.url}/${pod}`,
      settings: { username: 'ferry.integration' },
      credentials: { password: 'pw' },
    };
  });
  afterAll(async () => server.close());
  afterEach(async () => {
    await faults({});
  });

  it('upserts with Upsert-Mode: the second write updates the same record', async () => {
    const externalId = `ferry-${randomUUID()}`;
    const created = await connector.upsert(connection, {
      recordType: 'accounts',
      externalId,
      payload: { OrganizationName: 'Vision Corp' },
    });
    const updated = await connector.upsert(connection, {
      recordType: 'accounts',
      externalId,
      payload: { OrganizationName: 'Vision Corporation' },
    });
    expect(updated.erpRecordId).toBe(created.erpRecordId);
    const rows = [...pods.get(pod)!.records.get('accounts')!.values()].filter(
      (row) => row.fields['SourceSystemReferenceValue'] === externalId,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields['OrganizationName']).toBe('Vision Corporation');
  });

  it('looks a record up by its source-system reference with a q filter, and finds nothing for one never written', async () => {
    const externalId = `ferry-${randomUUID()}`;
    const written = await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { OrganizationName: 'Lookup Inc' } });
    const found = await connector.lookup(connection, 'accounts', externalId);
    expect(found).toMatchObject({
      erpRecordId: written.erpRecordId,
      externalId,
      fields: expect.objectContaining({ OrganizationName: 'Lookup Inc' }),
    });
    expect(await connector.lookup(connection, 'accounts', "ferry-o'never")).toBeUndefined();
  });

  it('reads ADF errors: a missing required attribute is a validation error with code and path', async () => {
    expect(
      await failure(
        connector.upsert(connection, { recordType: 'receivablesInvoices', externalId: 'i', payload: { TransactionNumber: 'T-1' } }),
      ),
    ).toMatchObject({
      errorClass: 'validation',
      details: { status: 400, erpCode: 'JBO-27014', erpPath: 'BillToCustomerNumber' },
    });
  });

  it('classifies throttling with Retry-After, maintenance, a locked user and an ambiguous reset', async () => {
    await faults({ throttleRate: 1, retryAfterSeconds: 2 });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'x', payload: { OrganizationName: 'X' } })),
    ).toMatchObject({ errorClass: 'throttled', details: { retryAfterMs: 2000 } });
    await faults({ maintenance: true });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'x', payload: { OrganizationName: 'X' } })),
    ).toMatchObject({ errorClass: 'retryable', details: { status: 503 } });
    await faults({ resetAfterWrite: true });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'amb', payload: { OrganizationName: 'Amb' } })),
    ).toMatchObject({ errorClass: 'retryable', details: { ambiguous: true } });
    await faults({ removedFields: ['PrimaryPhoneNumber'] });
    expect(
      await failure(
        connector.upsert(connection, {
          recordType: 'accounts',
          externalId: 'd',
          payload: { OrganizationName: 'D', PrimaryPhoneNumber: '1' },
        }),
      ),
    ).toMatchObject({ errorClass: 'validation', details: { erpPath: 'PrimaryPhoneNumber' } });
    await fetch(`${server.url}/__admin/pods/${pod}/users/ferry.integration/lock`, { method: 'POST' });
    expect(
      await failure(connector.upsert(connection, { recordType: 'accounts', externalId: 'x', payload: { OrganizationName: 'X' } })),
    ).toMatchObject({ errorClass: 'auth_revoked', permanent: true });
    pods.get(pod)!.users.get('ferry.integration')!.locked = false;
  });

  it('lists every record through limit/offset/hasMore paging', async () => {
    for (let i = 0; i < 12; i += 1)
      await connector.upsert(connection, {
        recordType: 'standardReceipts',
        externalId: `r-${i}`,
        payload: { ReceiptNumber: `R-${i}`, Amount: 10 },
      });
    const rows = await connector.listRecords(connection, 'standardReceipts');
    expect(rows).toHaveLength(12);
    expect(rows.map((row) => row.externalId)).toContain('r-11');
  });
});
