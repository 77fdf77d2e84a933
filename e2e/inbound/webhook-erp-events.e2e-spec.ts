import { randomBytes } from 'node:crypto';
import { Subjects, Topics, type ErpChange } from '@ferry/contracts';
import { signWebhook } from '@ferry/erp-webhook';
import { TopicCollector, onboardTenant, startFerry, waitUntil, type E2eEnvironment } from '@ferry/testing';

type ErpEvent = { change: ErpChange } & Record<string, unknown>;

/** How long after an answer nothing more may arrive: the publish completes before the 202. */
const QUIET_MS = 3_000;

/**
 * ERP → product by push, end to end: an ERP posts signed status changes to its tenant connection's webhook on
 * inbound-sync; a correctly signed delivery reaches ferry.erp-events.v1 with the polled ERPs' key convention,
 * its replay publishes nothing, and a wrong or stale signature or an unknown connection is answered 401 with
 * nothing published.
 */
describe('ERP → product events pushed to a tenant connection’s signed webhook', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `hookev-${run}`;
  const inboundSigningSecret = randomBytes(32).toString('base64url');
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  const url = () => `${ferry.processes.url('inbound-sync')}/v1/webhooks/${tenantId}/erp-hooks/erp-events`;
  const ofTenant = () => erpEvents.where((event) => event.change.tenantId === tenantId);
  const post = (body: string, signature: string | undefined, target = url()) =>
    fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-Ferry-Signature': signature } : {}) },
      body,
    });
  const delivery = (erpRecordId: string) =>
    JSON.stringify({
      events: [
        {
          type: 'InvoiceStatusChanged',
          erpRecordId,
          changedAt: '2026-12-02T08:15:00Z',
          status: 'paid',
          invoiceNumber: erpRecordId,
          currency: 'EUR',
          total: '1250.00',
          amountPaid: '1250.00',
          balanceDue: '0',
          dueDate: '2026-12-31',
        },
        {
          type: 'ShipmentShipped',
          erpRecordId: `SHP-${erpRecordId}`,
          changedAt: '2026-12-02T08:16:00Z',
          orderErpRecordId: 'SO-1',
          carrier: 'UPS',
          trackingNumbers: ['1Z1'],
          lines: [{ sku: 'SKU-1', quantity: '3' }],
        },
      ],
    });

  beforeAll(async () => {
    ferry = await startFerry({ purpose: 'hookevents', services: ['control-plane', 'inbound-sync'] });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    await onboardTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      template: 'webhook',
      connection: {
        connectionId: 'erp-hooks',
        erpKind: 'webhook',
        baseUrl: 'https://hooks.example.com/ferry',
        authKind: 'hmac_sha256',
        settings: {},
        credentials: { signingSecret: randomBytes(32).toString('base64url'), inboundSigningSecret },
      },
    });
  });
  afterAll(async () => {
    await erpEvents?.stop();
    await ferry?.stop();
  });

  it('publishes a signed delivery once, with the same key convention as the polled ERPs, and its replay not again', async () => {
    const body = delivery('INV-1');
    const signature = signWebhook(inboundSigningSecret, body);
    // inbound-sync learns the connection from the configuration topic; until then it answers 401 like to a stranger.
    const answer = await waitUntil(
      'the signed delivery accepted',
      async () => {
        const response = await post(body, signature);
        return response.status === 202 ? ((await response.json()) as unknown) : undefined;
      },
      30_000,
    );
    expect(answer).toEqual({ received: 2, published: 2, duplicate: false });
    await waitUntil('both events on the topic', () => ofTenant().length === 2 || undefined, 15_000);
    const [invoice, shipment] = ofTenant();
    expect(invoice).toMatchObject({
      recordName: Subjects.InvoiceStatusChanged,
      key: `${tenantId}:invoice:erp-hooks/INV-1`,
      value: {
        status: 'paid',
        total: '1250',
        balanceDue: '0',
        change: { erpKind: 'webhook', erpRecordType: 'invoice', erpRecordId: 'INV-1' },
      },
    });
    expect(shipment).toMatchObject({
      recordName: Subjects.ShipmentShipped,
      key: `${tenantId}:shipment:erp-hooks/SHP-INV-1`,
      value: { carrier: 'UPS', trackingNumbers: ['1Z1'], lines: [{ sku: 'SKU-1', quantity: '3' }] },
    });

    const replay = await post(body, signature);
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ received: 2, published: 0, duplicate: true });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(ofTenant()).toHaveLength(2);
  });

  it.each([
    ['a wrong signature', (body: string) => signWebhook(randomBytes(32).toString('base64url'), body), url],
    ['a stale signature', (body: string) => signWebhook(inboundSigningSecret, body, Math.floor(Date.now() / 1000) - 3600), url],
    ['no signature', () => undefined, url],
    [
      'a connection that does not exist',
      (body: string) => signWebhook(inboundSigningSecret, body),
      () => url().replace('/erp-hooks/', '/no-such-connection/'),
    ],
  ])('answers %s with 401 and publishes nothing', async (_name, sign, target) => {
    const before = ofTenant().length;
    const body = delivery(`INV-${randomBytes(3).toString('hex')}`);
    const response = await post(body, sign(body), target());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { status: 401, code: 'UNAUTHENTICATED' } });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(ofTenant()).toHaveLength(before);
  });

  it('answers a correctly signed but invalid delivery with 400 naming every bad field, publishing nothing', async () => {
    const before = ofTenant().length;
    const body = JSON.stringify({ events: [{ type: 'InvoiceStatusChanged', erpRecordId: '', changedAt: 'today', status: 'paid' }] });
    const response = await post(body, signWebhook(inboundSigningSecret, body));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details.map((detail) => detail.field).sort()).toEqual([
      'events.0.balanceDue',
      'events.0.changedAt',
      'events.0.erpRecordId',
    ]);
    expect(ofTenant()).toHaveLength(before);
  });
});
