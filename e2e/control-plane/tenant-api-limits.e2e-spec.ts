import { randomUUID } from 'node:crypto';
import { onboardWebhookTenant, sampleCustomerUpserted, startFerry, type E2eEnvironment } from '@ferry/testing';

/**
 * A tenant's own API limits (policies.apiLimits) throttle its ingestion requests: over its budget it gets 429 with
 * Retry-After and RateLimit headers, while another tenant on the fleet defaults is unaffected. A limit beyond the
 * fleet's cap is held at the cap.
 */
describe('per-tenant API limits from the tenant policy', () => {
  const run = randomUUID().slice(0, 6);
  const limited = `lim-${run}`;
  const neighbour = `nbr-${run}`;
  let ferry: E2eEnvironment;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'api_limits', services: ['webhook-receiver', 'control-plane', 'ingestion'] });
    for (const tenantId of [limited, neighbour])
      keys[tenantId] = (
        await onboardWebhookTenant({ controlPlane: ferry.controlPlane, tenantId, receiverUrl: ferry.webhookReceiverUrl })
      ).apiKey;
  });
  afterAll(async () => {
    await ferry?.stop();
  });

  const ingest = (tenantId: string) =>
    fetch(`${ferry.processes.url('ingestion')}/v1/tenants/${tenantId}/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${keys[tenantId]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'CustomerUpserted', event: sampleCustomerUpserted(tenantId) }] }),
    });

  it('refuses a limit that is not a whole positive number, naming the field', async () => {
    const response = await ferry.controlPlane.request('PUT', `/v1/tenants/${limited}/policies`, { apiLimits: { burst: 0 } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('apiLimits.burst');
  });

  it('throttles the tenant at its own limits and leaves its neighbour alone', async () => {
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${limited}/policies`, { apiLimits: { requestsPerSecond: 1, burst: 3 } });
    // The fleet default (100/s, bursts of 200) would let all of these through; the tenant's policy, once ingestion
    // has read it, lets about three through and then refuses.
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 60 && !refused; attempt += 1) {
      const response = await ingest(limited);
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(202);
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused!.headers.get('ratelimit-limit')).toBe('3');
    expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');

    for (let request = 0; request < 10; request += 1) expect((await ingest(neighbour)).status).toBe(202);
  });
});
