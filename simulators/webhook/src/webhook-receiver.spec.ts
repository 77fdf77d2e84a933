import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { signWebhook } from '@ferry/erp-webhook';
import { createWebhookReceiver } from './webhook-receiver';

describe('webhook receiver: signing-secret rotation with an overlap window', () => {
  let server: Server;
  let url = '';
  let clock = Date.UTC(2026, 0, 1);
  const oldSecret = randomBytes(32).toString('base64url');
  const newSecret = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    server = createWebhookReceiver({ now: () => clock }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${url}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const deliver = (secret: string) => {
    const body = JSON.stringify({ type: 'customer', externalId: `ferry-${randomBytes(4).toString('hex')}`, record: {} });
    return fetch(`${url}/ep/customer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ferry-Signature': signWebhook(secret, body, Math.floor(clock / 1000)) },
      body,
    }).then((response) => response.status);
  };

  it('accepts either secret during the overlap, then only the new one', async () => {
    expect((await admin('POST', '/endpoints', { endpointId: 'ep', signingSecret: oldSecret })).status).toBe(201);
    expect(await deliver(oldSecret)).toBe(201);
    expect(await deliver(newSecret)).toBe(401);

    const rotated = await admin('PUT', '/endpoints/ep/signing-secret', { signingSecret: newSecret, overlapSeconds: 600 });
    expect(rotated.status).toBe(200);
    expect(await deliver(newSecret)).toBe(201);
    expect(await deliver(oldSecret)).toBe(201);

    clock += 601_000;
    expect(await deliver(newSecret)).toBe(201);
    expect(await deliver(oldSecret)).toBe(401);
  });

  it('refuses a signing secret shorter than 32 bytes', async () => {
    expect((await admin('POST', '/endpoints', { endpointId: 'weak', signingSecret: 'x'.repeat(24) })).status).toBe(400);
    expect((await admin('PUT', '/endpoints/ep/signing-secret', { signingSecret: 'x'.repeat(31) })).status).toBe(400);
  });
});
