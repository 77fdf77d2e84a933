import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantConfiguration } from '@ferry/contracts';
import { FerryApiClient, onboardWebhookTenant, sampleCustomerUpserted, startFerry, type E2eEnvironment } from '@ferry/testing';

/**
 * What a tenant admin may not do to the control plane: lift or dodge a suspension, run expressions with a read
 * key, set numbers without bounds, store a guessable webhook secret. Only the control plane and the webhook
 * receiver run, so the suite starts in seconds.
 */
describe('tenant governance: what a tenant admin key cannot do', () => {
  const run = randomUUID().slice(0, 6);
  const tenantId = `gov-${run}`;
  let ferry: E2eEnvironment;
  let admin: FerryApiClient;

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'governance', services: ['webhook-receiver', 'control-plane'] });
    const onboarded = await onboardWebhookTenant({ controlPlane: ferry.controlPlane, tenantId, receiverUrl: ferry.webhookReceiverUrl });
    admin = new FerryApiClient(ferry.processes.url('control-plane'), onboarded.apiKey);
  });
  afterAll(async () => {
    await ferry?.stop();
  });

  it('keeps suspension an operator decision: a tenant admin can neither suspend, lift it, nor roll back past it', async () => {
    const activeVersion = (await admin.expectOk<{ version: number }>('GET', `/v1/tenants/${tenantId}`)).version;
    const refused = await admin.request<{ error: { code: string; message: string } }>('PATCH', `/v1/tenants/${tenantId}`, {
      active: false,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('only Ferry operators may suspend a tenant');

    await ferry.controlPlane.expectOk('PATCH', `/v1/tenants/${tenantId}`, { active: false });
    expect((await admin.request('PATCH', `/v1/tenants/${tenantId}`, { active: true })).status).toBe(403);
    const rolledBack = await admin.expectOk<{ spec: { active: boolean } }>('POST', `/v1/tenants/${tenantId}/configuration/rollback`, {
      version: activeVersion,
    });
    expect(rolledBack.spec.active).toBe(false);
    expect((await admin.expectOk<TenantConfiguration>('GET', `/v1/tenants/${tenantId}/configuration`)).active).toBe(false);
    await admin.expectOk('PATCH', `/v1/tenants/${tenantId}`, { displayName: 'Renamed while suspended' });
    expect((await admin.expectOk<{ spec: { active: boolean } }>('GET', `/v1/tenants/${tenantId}`)).spec.active).toBe(false);

    await ferry.controlPlane.expectOk('PATCH', `/v1/tenants/${tenantId}`, { active: true });
    expect((await admin.expectOk<{ spec: { active: boolean } }>('GET', `/v1/tenants/${tenantId}`)).spec.active).toBe(true);
  });

  it('runs a dry run (/preview) only for keys that may change the configuration', async () => {
    const reader = await admin.expectOk<{ apiKey: string }>('POST', `/v1/tenants/${tenantId}/api-keys`, { scopes: ['read'] });
    const body = { type: 'CustomerUpserted', event: sampleCustomerUpserted(tenantId) };
    const asReader = await new FerryApiClient(ferry.processes.url('control-plane'), reader.apiKey).request(
      'POST',
      `/v1/tenants/${tenantId}/preview`,
      body,
    );
    expect(asReader.status).toBe(403);
    expect((await admin.request('POST', `/v1/tenants/${tenantId}/preview`, body)).status).toBe(200);
  });

  it.each([
    ['policies', { retry: { baseDelayMs: 2_000_000_000 } }, 'retry.baseDelayMs: at most 60000 ms'],
    ['policies', { circuitBreaker: { resetTimeoutMs: 10 ** 12 } }, 'circuitBreaker.resetTimeoutMs: at most 3600000 ms'],
    ['policies', { batchWindowSeconds: 86_400 }, 'batchWindowSeconds: at most 3600 seconds'],
  ])('refuses %s beyond their bounds with a 400 naming field and limit: %o', async (part, body, message) => {
    const response = await admin.request<{ error: { message: string } }>('PUT', `/v1/tenants/${tenantId}/${part}`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('refuses a webhook signing secret shorter than 32 bytes, without echoing it', async () => {
    const weak = `weak-${randomBytes(6).toString('hex')}`;
    const response = await admin.request<{ error: { message: string } }>('PUT', `/v1/tenants/${tenantId}/connections/webhook-main`, {
      erpKind: 'webhook',
      baseUrl: `${ferry.webhookReceiverUrl}/ep-${tenantId}`,
      authKind: 'hmac_sha256',
      credentials: { signingSecret: weak },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('credentials.signingSecret: must be at least 32 bytes');
    expect(JSON.stringify(response.body)).not.toContain(weak);
  });
});
