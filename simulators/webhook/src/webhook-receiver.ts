import express, { type Request } from 'express';
import { signingSecretProblem, verifyWebhook } from '@ferry/erp-webhook';

interface SigningSecret {
  secret: string;
  /** Epoch ms after which a rotated-out secret is no longer accepted; absent for the current one. */
  validUntil?: number;
}

interface Endpoint {
  /** The current secret first; during a rotation also the previous one, until its overlap window ends. */
  signingSecrets: SigningSecret[];
  records: Map<string, { id: string; type: string; externalId: string; record: unknown; deliveries: number; receivedAt: string }>;
  /** Status to answer instead of accepting, for fault tests. */
  failWith?: number;
}

/**
 * A system on the other end of a Ferry webhook: verifies the HMAC signature, stores records by external id
 * (a resend updates, never duplicates), and lets tests inspect what arrived. Endpoints live at /<endpointId>/<type>.
 * Rotating an endpoint's secret (PUT /__admin/endpoints/:id/signing-secret) keeps the old one valid for an
 * overlap window, as a real receiver should, so deliveries signed before Ferry's connection was updated pass.
 */
export function createWebhookReceiver(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const endpoints = new Map<string, Endpoint>();
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));
  const param = (request: Request, name: string) => String(request.params[name] ?? '');

  app.post('/__admin/endpoints', express.json(), (request, response) => {
    const { endpointId, signingSecret } = request.body as { endpointId?: string; signingSecret?: string };
    if (!endpointId || !signingSecret) return void response.status(400).json({ error: 'endpointId and signingSecret are required' });
    const weak = signingSecretProblem(signingSecret);
    if (weak) return void response.status(400).json({ error: `signingSecret ${weak}` });
    endpoints.set(endpointId, { signingSecrets: [{ secret: signingSecret }], records: new Map() });
    response.status(201).json({ endpointId });
  });
  app.put('/__admin/endpoints/:endpointId/signing-secret', express.json(), (request, response) => {
    const endpoint = endpoints.get(param(request, 'endpointId'));
    if (!endpoint) return void response.status(404).json({ error: 'no such endpoint' });
    const { signingSecret, overlapSeconds = 3600 } = request.body as { signingSecret?: string; overlapSeconds?: number };
    const weak = signingSecret === undefined ? 'is required' : signingSecretProblem(signingSecret);
    if (weak || signingSecret === undefined) return void response.status(400).json({ error: `signingSecret ${weak}` });
    const current = endpoint.signingSecrets[0];
    endpoint.signingSecrets = [
      { secret: signingSecret },
      ...(current ? [{ secret: current.secret, validUntil: now() + overlapSeconds * 1000 }] : []),
    ];
    response.json({ previousValidUntil: endpoint.signingSecrets[1]?.validUntil ?? null });
  });
  app.get('/__admin/endpoints/:endpointId/records', (request, response) => {
    const endpoint = endpoints.get(param(request, 'endpointId'));
    if (!endpoint) return void response.status(404).json({ error: 'no such endpoint' });
    response.json([...endpoint.records.values()]);
  });
  app.put('/__admin/endpoints/:endpointId/faults', express.json(), (request, response) => {
    const endpoint = endpoints.get(param(request, 'endpointId'));
    if (!endpoint) return void response.status(404).json({ error: 'no such endpoint' });
    endpoint.failWith = (request.body as { failWith?: number }).failWith;
    response.json({ failWith: endpoint.failWith ?? null });
  });

  app.post('/:endpointId/:type', express.text({ type: () => true, limit: '5mb' }), (request, response) => {
    const endpoint = endpoints.get(param(request, 'endpointId'));
    if (!endpoint) return void response.status(404).json({ error: 'no such endpoint' });
    const body = typeof request.body === 'string' ? request.body : '';
    const valid = endpoint.signingSecrets.filter((candidate) => candidate.validUntil === undefined || candidate.validUntil > now());
    const verdict = verifyWebhook(
      valid.map((candidate) => candidate.secret),
      body,
      request.get('x-ferry-signature'),
      300,
      now(),
    );
    if (verdict !== 'ok') return void response.status(401).json({ error: `signature ${verdict}` });
    if (endpoint.failWith) return void response.status(endpoint.failWith).set('Retry-After', '1').json({ error: 'injected failure' });
    let parsed: { externalId?: string; record?: unknown; type?: string };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return void response.status(400).json({ error: 'body is not JSON' });
    }
    if (!parsed.externalId) return void response.status(422).json({ error: 'externalId is required' });
    const existing = endpoint.records.get(parsed.externalId);
    const stored = {
      id: existing?.id ?? `wh-${endpoint.records.size + 1}`,
      type: param(request, 'type'),
      externalId: parsed.externalId,
      record: parsed.record,
      deliveries: (existing?.deliveries ?? 0) + 1,
      receivedAt: new Date().toISOString(),
    };
    endpoint.records.set(parsed.externalId, stored);
    response.status(existing ? 200 : 201).json({ id: stored.id });
  });
  return app;
}
