import type { OperatorKey } from '@ferry/config';
import type { ApiKey } from '@ferry/contracts';
import { AccessService } from './access.service';
import { generateApiKey, hashSecret } from './api-key';

const VIEWER_TOKEN = 'viewer-token-abcdefghijklmnopqrstuvwxyz';
const SUPPORT_TOKEN = 'support-token-abcdefghijklmnopqrstuvwxyz';
const ADMIN_TOKEN = 'admin-token-abcdefghijklmnopqrstuvwxyz';
const NAMED_OPERATORS: OperatorKey[] = [
  { name: 'vera', role: 'viewer', tokenHash: hashSecret(VIEWER_TOKEN) },
  { name: 'sam', role: 'operator', tokenHash: hashSecret(SUPPORT_TOKEN) },
  { name: 'ada', role: 'admin', tokenHash: hashSecret(ADMIN_TOKEN) },
];

function serviceWith(keys: ApiKey[], operatorToken = 'operator-token-0123456789abcdef', catchUpMs = 0) {
  const map = new Map(keys.map((key) => [key.keyId, key]));
  let catchUps = 0;
  let running = 0;
  let mostAtOnce = 0;
  const view = {
    cached: (id: string) => map.get(id),
    catchUp: async () => {
      catchUps += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, catchUpMs));
      running -= 1;
      return true;
    },
  };
  return {
    service: new AccessService(
      view,
      { sharedToken: operatorToken, keys: NAMED_OPERATORS },
      { missMemoryMs: 60_000, minCatchUpIntervalMs: 20 },
    ),
    catchUps: () => catchUps,
    mostAtOnce: () => mostAtOnce,
    add: (key: ApiKey) => map.set(key.keyId, key),
  };
}

const keyFor = (tenantId: string, scopes: string[], revokedAt: number | null = null) => {
  const generated = generateApiKey();
  const record: ApiKey = {
    keyId: generated.keyId,
    tenantId,
    scopes,
    secretHash: generated.secretHash,
    label: null,
    createdAt: 0,
    revokedAt,
  };
  return { record, bearer: `Bearer ${generated.token}` };
};

describe('AccessService', () => {
  it('lets a key act on its own tenant with its scopes only', async () => {
    const a = keyFor('tenant-a', ['read', 'ingest']);
    const { service } = serviceWith([a.record]);
    expect(await service.decide(a.bearer, 'tenant-a', 'read')).toMatchObject({ allowed: true });
    expect(await service.decide(a.bearer, 'tenant-b', 'read')).toMatchObject({ allowed: false, status: 403, code: 'WRONG_TENANT' });
    expect(await service.decide(a.bearer, 'tenant-a', 'admin')).toMatchObject({ allowed: false, status: 403, code: 'MISSING_SCOPE' });
    expect(await service.decide(a.bearer, 'tenant-a', 'operator')).toMatchObject({ allowed: false, status: 403, code: 'OPERATOR_ONLY' });
  });

  it('refuses revoked, unknown, tampered and missing credentials with 401', async () => {
    const revoked = keyFor('tenant-a', ['read'], 123);
    const valid = keyFor('tenant-a', ['read']);
    const { service } = serviceWith([revoked.record, valid.record]);
    expect(await service.decide(revoked.bearer, 'tenant-a', 'read')).toMatchObject({ status: 401 });
    expect(await service.decide(valid.bearer.slice(0, -1) + (valid.bearer.endsWith('A') ? 'B' : 'A'), 'tenant-a', 'read')).toMatchObject({
      status: 401,
    });
    expect(await service.decide(undefined, 'tenant-a', 'read')).toMatchObject({ status: 401 });
    expect(await service.decide('Bearer fry_000000000000_' + 'x'.repeat(32), 'tenant-a', 'read')).toMatchObject({ status: 401 });
  });

  it('lets the operator act on any tenant', async () => {
    const { service } = serviceWith([]);
    expect(await service.decide('Bearer operator-token-0123456789abcdef', 'anyone', 'admin')).toMatchObject({
      allowed: true,
      principal: { kind: 'operator' },
    });
  });

  it('knows each named operator by name and lets each do what its role allows, on any tenant', async () => {
    const { service } = serviceWith([]);
    const as = (token: string, scope: 'read' | 'admin' | 'fleet-read' | 'operator') => service.decide(`Bearer ${token}`, 'anyone', scope);
    expect(await as(VIEWER_TOKEN, 'read')).toMatchObject({ allowed: true, principal: { kind: 'operator', id: 'vera', role: 'viewer' } });
    expect(await as(VIEWER_TOKEN, 'fleet-read')).toMatchObject({ allowed: true });
    expect(await as(VIEWER_TOKEN, 'admin')).toMatchObject({ allowed: false, status: 403, code: 'OPERATOR_ROLE' });
    expect(await as(SUPPORT_TOKEN, 'admin')).toMatchObject({ allowed: true, principal: { id: 'sam', role: 'operator' } });
    expect(await as(SUPPORT_TOKEN, 'operator')).toMatchObject({ allowed: false, status: 403, code: 'OPERATOR_ROLE' });
    expect(await as(ADMIN_TOKEN, 'operator')).toMatchObject({ allowed: true, principal: { id: 'ada', role: 'admin' } });
    expect(await as('operator-token-0123456789abcdef', 'operator')).toMatchObject({
      allowed: true,
      principal: { id: 'operator', role: 'admin' },
    });
    expect(await as(`${ADMIN_TOKEN}x`, 'read')).toMatchObject({ allowed: false, status: 401 });
  });

  it('keeps fleet-wide views from tenant keys', async () => {
    const a = keyFor('tenant-a', ['read', 'admin']);
    const { service } = serviceWith([a.record]);
    expect(await service.decide(a.bearer, 'tenant-a', 'fleet-read')).toMatchObject({ allowed: false, status: 403, code: 'OPERATOR_ONLY' });
  });

  it('catches up once when it meets a key it does not know yet', async () => {
    const fresh = keyFor('tenant-a', ['ingest']);
    const harness = serviceWith([]);
    expect(await harness.service.decide(fresh.bearer, 'tenant-a', 'ingest')).toMatchObject({ status: 401 });
    expect(harness.catchUps()).toBe(1);
  });

  describe('unknown keys cost the broker nothing per request', () => {
    it('remembers a miss: the same unknown key again makes no catch-up', async () => {
      const unknown = keyFor('tenant-a', ['ingest']);
      const harness = serviceWith([]);
      for (let i = 0; i < 20; i += 1)
        expect(await harness.service.decide(unknown.bearer, 'tenant-a', 'ingest')).toMatchObject({ status: 401 });
      expect(harness.catchUps()).toBe(1);
    });

    it.each([
      ['one unknown key', 1],
      ['a different unknown key each time', 200],
    ])('shares one catch-up between 200 requests at once with %s', async (_case, distinctKeys) => {
      const keys = Array.from({ length: distinctKeys }, () => keyFor('tenant-a', ['ingest']));
      const harness = serviceWith([], undefined, 30);
      const decisions = await Promise.all(
        Array.from({ length: 200 }, (_, i) => harness.service.decide(keys[i % distinctKeys]!.bearer, 'tenant-a', 'ingest')),
      );
      expect(decisions.every((decision) => !decision.allowed && decision.status === 401)).toBe(true);
      expect(harness.mostAtOnce()).toBe(1);
      expect(harness.catchUps()).toBeLessThanOrEqual(2);
    });

    it('runs catch-ups for a stream of new unknown keys one at a time and spaced apart', async () => {
      const harness = serviceWith([], undefined, 5);
      const started = Date.now();
      for (let i = 0; i < 10; i += 1) await harness.service.decide(keyFor('tenant-a', ['ingest']).bearer, 'tenant-a', 'ingest');
      expect(harness.mostAtOnce()).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(9 * 20 - 5);
    });

    it('still accepts a key the view learns after a miss was remembered', async () => {
      const late = keyFor('tenant-a', ['ingest']);
      const harness = serviceWith([]);
      expect(await harness.service.decide(late.bearer, 'tenant-a', 'ingest')).toMatchObject({ status: 401 });
      harness.add(late.record);
      expect(await harness.service.decide(late.bearer, 'tenant-a', 'ingest')).toMatchObject({ allowed: true });
    });
  });
});
