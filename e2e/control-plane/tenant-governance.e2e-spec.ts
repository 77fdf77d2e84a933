import { randomBytes, randomUUID } from 'node:crypto';
import { controlPlaneClient } from '@ferry/api-clients';
import { onboardWebhookTenant, sampleCustomerUpserted, startFerry, type E2eEnvironment } from '@ferry/testing';

type ControlPlaneClient = ReturnType<typeof controlPlaneClient>;

/**
 * What a tenant admin may not do to the control plane: lift or dodge a suspension, run expressions with a read
 * key, set numbers without bounds, store a guessable webhook secret. Only the control plane and the webhook
 * receiver run, so the suite starts in seconds. Every call goes through the client generated from
 * services/control-plane/openapi.json (@ferry/api-clients), so a path, parameter, body or answer the document
 * gets wrong breaks this suite.
 */
describe('tenant governance: what a tenant admin key cannot do', () => {
  const run = randomUUID().slice(0, 6);
  const tenantId = `gov-${run}`;
  const tenant = { params: { path: { tenantId } } };
  let ferry: E2eEnvironment;
  let admin: ControlPlaneClient;
  let operator: ControlPlaneClient;

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'governance', services: ['webhook-receiver', 'control-plane'] });
    const onboarded = await onboardWebhookTenant({ controlPlane: ferry.controlPlane, tenantId, receiverUrl: ferry.webhookReceiverUrl });
    admin = controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token: onboarded.apiKey });
    operator = controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token: ferry.operatorToken });
  });
  afterAll(async () => {
    await ferry?.stop();
  });

  it('keeps suspension an operator decision: a tenant admin can neither suspend, lift it, nor roll back past it', async () => {
    const active = await admin.GET('/v1/tenants/{tenantId}', tenant);
    const activeVersion = active.data!.version!;
    const refused = await admin.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { active: false } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.error.message).toContain('only Ferry operators may suspend a tenant');

    expect((await operator.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { active: false } })).response.status).toBe(200);
    expect((await admin.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { active: true } })).response.status).toBe(403);
    const rolledBack = await admin.POST('/v1/tenants/{tenantId}/configuration/rollback', { ...tenant, body: { version: activeVersion } });
    expect(rolledBack.data?.spec).toMatchObject({ active: false });
    expect((await admin.GET('/v1/tenants/{tenantId}/configuration', tenant)).data?.active).toBe(false);
    expect(
      (await admin.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { displayName: 'Renamed while suspended' } })).response.status,
    ).toBe(200);
    expect((await admin.GET('/v1/tenants/{tenantId}', tenant)).data?.spec).toMatchObject({ active: false });

    expect((await operator.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { active: true } })).response.status).toBe(200);
    expect((await admin.GET('/v1/tenants/{tenantId}', tenant)).data?.spec).toMatchObject({ active: true });
  });

  it('knows operators by name: each role does what it may, and the audit names who acted', async () => {
    const as = (token: string) => controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token });
    const viewer = as(ferry.namedOperators.viewer);
    const support = as(ferry.namedOperators.support);
    const otherTenant = `gov-new-${run}`;

    expect((await viewer.GET('/v1/tenants/{tenantId}', tenant)).response.status).toBe(200);
    const viewerWrite = await viewer.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { displayName: 'By a viewer' } });
    expect(viewerWrite.response.status).toBe(403);
    expect(viewerWrite.error?.error.code).toBe('OPERATOR_ROLE');

    expect(
      (await support.PATCH('/v1/tenants/{tenantId}', { ...tenant, body: { displayName: 'Renamed by support' } })).response.status,
    ).toBe(200);
    const onboardBySupport = await support.POST('/v1/tenants', {
      body: { tenantId: otherTenant, displayName: 'New', template: 'webhook' },
    });
    expect(onboardBySupport.error?.error.code).toBe('OPERATOR_ROLE');

    const audit = await admin.GET('/v1/tenants/{tenantId}/audit', tenant);
    expect(audit.data?.items[0]).toMatchObject({ actor: 'operator:e2e-support' });
    expect(audit.data?.items.some((record) => record.actor === 'operator:e2e-viewer')).toBe(false);
  });

  it('runs a dry run (/preview) only for keys that may change the configuration', async () => {
    const reader = await admin.POST('/v1/tenants/{tenantId}/api-keys', { ...tenant, body: { scopes: ['read'] } });
    const body = { type: 'CustomerUpserted', event: { ...sampleCustomerUpserted(tenantId) } };
    const asReader = await controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token: reader.data!.apiKey }).POST(
      '/v1/tenants/{tenantId}/preview',
      { ...tenant, body },
    );
    expect(asReader.response.status).toBe(403);
    expect((await admin.POST('/v1/tenants/{tenantId}/preview', { ...tenant, body })).response.status).toBe(200);
  });

  it.each([
    ['policies', { retry: { baseDelayMs: 2_000_000_000 } }, 'retry.baseDelayMs: at most 60000 ms'],
    ['policies', { circuitBreaker: { resetTimeoutMs: 10 ** 12 } }, 'circuitBreaker.resetTimeoutMs: at most 3600000 ms'],
    ['policies', { batchWindowSeconds: 86_400 }, 'batchWindowSeconds: at most 3600 seconds'],
  ])('refuses %s beyond their bounds with a 400 naming field and limit: %o', async (_part, body, message) => {
    const response = await admin.PUT('/v1/tenants/{tenantId}/policies', { ...tenant, body });
    expect(response.response.status).toBe(400);
    expect(response.error?.error.message).toContain(message);
  });

  it('refuses a webhook signing secret shorter than 32 bytes, without echoing it', async () => {
    const weak = `weak-${randomBytes(6).toString('hex')}`;
    const response = await admin.PUT('/v1/tenants/{tenantId}/connections/{connectionId}', {
      params: { path: { tenantId, connectionId: 'webhook-main' } },
      body: {
        erpKind: 'webhook',
        baseUrl: `${ferry.webhookReceiverUrl}/ep-${tenantId}`,
        authKind: 'hmac_sha256',
        credentials: { signingSecret: weak },
      },
    });
    expect(response.response.status).toBe(400);
    expect(response.error?.error.message).toContain('credentials.signingSecret: must be at least 32 bytes');
    expect(JSON.stringify(response.error)).not.toContain(weak);
  });

  it('answers a deprecated route with the Deprecation, Sunset and Link headers its document declares, and a current one without', async () => {
    const deprecated = await operator.GET('/health');
    expect(deprecated.response.status).toBe(200);
    expect(deprecated.response.headers.get('deprecation')).toBe('@1796169600');
    expect(deprecated.response.headers.get('sunset')).toBe('Wed, 30 Jun 2027 23:59:59 GMT');
    expect(deprecated.response.headers.get('link')).toBe('</health/ready>; rel="successor-version"');
    const current = await operator.GET('/health/ready');
    expect(current.response.status).toBe(200);
    expect(current.response.headers.get('deprecation')).toBeNull();
  });
});
