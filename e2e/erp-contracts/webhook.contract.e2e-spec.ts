import { randomBytes } from 'node:crypto';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { WebhookConnector, signWebhook, verifyWebhook } from '@ferry/erp-webhook';
import { createWebhookReceiver } from '@ferry/webhook-receiver';
import { serve } from './http-server';

describe('signed webhook connector contract', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new WebhookConnector();
  const secret = randomBytes(16).toString('hex');
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => undefined,
      (error: unknown) => error,
    )) as ErpError;
  const failWith = (status: number | null) =>
    fetch(`${server.url}/__admin/endpoints/ep/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ failWith: status }),
    });

  beforeAll(async () => {
    server = await serve(createWebhookReceiver());
    await fetch(`${server.url}/__admin/endpoints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpointId: 'ep', signingSecret: secret }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'hook',
      erpKind: 'webhook',
      authKind: 'hmac_sha256',
      baseUrl: `${server.url}/ep`,
      settings: {},
      credentials: { signingSecret: secret },
    };
  });
  afterAll(async () => server.close());
  afterEach(async () => {
    await failWith(null);
  });

  it('delivers signed JSON; a resend updates the receiver’s record instead of adding one', async () => {
    const first = await connector.upsert(connection, { recordType: 'customer', externalId: 'w-1', payload: { name: 'A' } });
    const second = await connector.upsert(connection, { recordType: 'customer', externalId: 'w-1', payload: { name: 'B' } });
    expect(second.erpRecordId).toBe(first.erpRecordId);
    const records = (await (await fetch(`${server.url}/__admin/endpoints/ep/records`)).json()) as {
      externalId: string;
      deliveries: number;
      record: { name: string };
    }[];
    expect(records).toEqual([expect.objectContaining({ externalId: 'w-1', deliveries: 2, record: { name: 'B' } })]);
  });

  it('classifies the receiver’s answers: wrong secret, throttling with Retry-After, refused content, outage', async () => {
    expect(
      await failure(
        connector.upsert(
          { ...connection, credentials: { signingSecret: 'wrong' } },
          { recordType: 'customer', externalId: 'w-2', payload: {} },
        ),
      ),
    ).toMatchObject({ errorClass: 'auth_revoked', details: { status: 401 } });
    await failWith(429);
    expect(await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'w-2', payload: {} }))).toMatchObject({
      errorClass: 'throttled',
      details: { retryAfterMs: 1000 },
    });
    await failWith(422);
    expect(await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'w-2', payload: {} }))).toMatchObject({
      errorClass: 'validation',
      permanent: true,
    });
    await failWith(503);
    expect(await failure(connector.upsert(connection, { recordType: 'customer', externalId: 'w-2', payload: {} }))).toMatchObject({
      errorClass: 'retryable',
    });
  });

  it('signs so that a stale or altered delivery is refused', () => {
    const header = signWebhook(secret, '{"a":1}', 1_000);
    expect(verifyWebhook(secret, '{"a":1}', header, 300, 1_000_000)).toBe('ok');
    expect(verifyWebhook(secret, '{"a":2}', header, 300, 1_000_000)).toBe('mismatch');
    expect(verifyWebhook(secret, '{"a":1}', header, 300, 2_000_000)).toBe('stale');
  });
});
