import type { AddressInfo } from 'node:net';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { CsvSftpConnector, generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { createCsvSftpSimulator } from '@ferry/csv-sftp-simulator';
import { serve } from './http-server';

/** Ferry's CSV-over-SFTP adapter against a real SFTP server and the legacy ERP import job behind it. */
describe('CSV over SFTP connector contract', () => {
  const simulator = createCsvSftpSimulator();
  let admin: Awaited<ReturnType<typeof serve>>;
  let sftpPort = 0;
  /** Pinning is mandatory: every connection pins the simulator's host key unless a test overrides it. */
  let pinnedHostKey = '';
  const key = generateSshKeyPair();
  const connector = new CsvSftpConnector(50);
  const connection = (overrides: Record<string, string> = {}): ErpConnectionContext => ({
    tenantId: 'contract-tenant',
    connectionId: 'legacy',
    erpKind: 'csv_sftp',
    authKind: 'ssh_key',
    baseUrl: `sftp://127.0.0.1:${sftpPort}`,
    settings: {
      host: '127.0.0.1',
      port: String(sftpPort),
      username: 'acme_erp',
      hostKeyFingerprint: pinnedHostKey,
      batchWindowSeconds: '0.3',
      ackTimeoutSeconds: '5',
      ...overrides,
    },
    credentials: { privateKeyPem: key.private },
  });
  const faults = (body: Record<string, unknown>) =>
    fetch(`${admin.url}/__admin/partners/acme_erp/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const customers = () => [...simulator.erps.get('acme_erp')!.tables.get('CUSTOMERS')!.values()];

  beforeAll(async () => {
    admin = await serve(simulator.app);
    await new Promise<void>((resolve) => simulator.sftp.listen(0, '127.0.0.1', () => resolve()));
    sftpPort = (simulator.sftp.address() as AddressInfo).port;
    pinnedHostKey = ((await (await fetch(`${admin.url}/__admin/probe`)).json()) as { hostKeyFingerprint: string }).hostKeyFingerprint;
    await fetch(`${admin.url}/__admin/partners`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'acme_erp', publicKey: key.public }),
    });
  });
  afterAll(async () => {
    simulator.sftp.close();
    await admin.close();
  });
  afterEach(async () => {
    await faults({});
  });

  it('gathers the records of a batch window into one file with a control file, and settles each from the acknowledgement', async () => {
    const results = await Promise.all(
      ['c-1', 'c-2', 'c-3'].map((id) =>
        connector.upsert(connection(), {
          recordType: 'CUSTOMERS',
          externalId: id,
          payload: { NAME: `Customer ${id}`, EMAIL: `${id}@example.com` },
        }),
      ),
    );
    expect(results.map((r) => r.erpRecordId)).toEqual(['L-000001', 'L-000002', 'L-000003']);
    expect(new Set(customers().map((record) => record.importedFrom)).size).toBe(1);
    const again = await connector.upsert(connection(), {
      recordType: 'CUSTOMERS',
      externalId: 'c-1',
      payload: { NAME: 'Customer one, renamed' },
    });
    expect(again.erpRecordId).toBe('L-000001');
    expect(customers().filter((record) => record.externalId === 'c-1')).toHaveLength(1);
    expect(customers().find((record) => record.externalId === 'c-1')!.fields['NAME']).toBe('Customer one, renamed');
  });

  it('rejects only the row the ERP refuses, with its column, and accepts the rest of the file', async () => {
    const [good, bad] = await Promise.allSettled([
      connector.upsert(connection(), { recordType: 'ORDERS', externalId: 'o-1', payload: { ORDER_NO: 'SO-1', CUSTOMER_NO: 'c-1' } }),
      connector.upsert(connection(), { recordType: 'ORDERS', externalId: 'o-2', payload: { ORDER_NO: 'SO-2', CUSTOMER_NO: 'nobody' } }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && bad.reason).toMatchObject({
      errorClass: 'validation',
      details: { erpCode: 'REJECTED', erpPath: 'CUSTOMER_NO' },
    });
  });

  it('fails every record of a file the ERP rejects as a whole', async () => {
    await faults({ rejectFiles: 'import job disabled for month-end close' });
    expect(
      await failure(connector.upsert(connection(), { recordType: 'CUSTOMERS', externalId: 'c-9', payload: { NAME: 'Nine' } })),
    ).toMatchObject({ errorClass: 'validation', details: { erpCode: 'REJECTED_FILE' } });
  });

  it('calls a delivered file that is never acknowledged ambiguous', async () => {
    await faults({ noAck: true });
    expect(
      await failure(
        connector.upsert(connection({ ackTimeoutSeconds: '1' }), { recordType: 'CUSTOMERS', externalId: 'c-10', payload: { NAME: 'Ten' } }),
      ),
    ).toMatchObject({
      errorClass: 'retryable',
      details: { ambiguous: true },
    });
  });

  it('classifies an unreachable server as retryable (nothing sent) and refused credentials as auth_revoked', async () => {
    expect(
      await failure(
        connector.upsert(connection({ port: '1' }), { recordType: 'CUSTOMERS', externalId: 'c-11', payload: { NAME: 'Eleven' } }),
      ),
    ).toMatchObject({ errorClass: 'retryable', details: { ambiguous: false } });
    await fetch(`${admin.url}/__admin/partners/acme_erp/lock`, { method: 'POST' });
    expect(
      await failure(connector.upsert(connection(), { recordType: 'CUSTOMERS', externalId: 'c-12', payload: { NAME: 'Twelve' } })),
    ).toMatchObject({ errorClass: 'auth_revoked' });
    simulator.users.get('acme_erp')!.locked = false;
  });

  it('connects only to the pinned host key when the connection pins one', async () => {
    const probe = (await (await fetch(`${admin.url}/__admin/probe`)).json()) as { hostKeyFingerprint: string };
    expect(probe.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const pinned = await connector.upsert(connection({ hostKeyFingerprint: probe.hostKeyFingerprint }), {
      recordType: 'CUSTOMERS',
      externalId: 'c-13',
      payload: { NAME: 'Thirteen' },
    });
    expect(pinned.erpRecordId).toMatch(/^L-/);
    const impostor = await failure(
      connector.upsert(connection({ hostKeyFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), {
        recordType: 'CUSTOMERS',
        externalId: 'c-14',
        payload: { NAME: 'Fourteen' },
      }),
    );
    expect(impostor).toMatchObject({ errorClass: 'auth_revoked' });
    expect(impostor.message).toContain('host key does not match');
    expect(customers().some((record) => record.externalId === 'c-14')).toBe(false);
  });
});
