import type { ApiKey } from '@ferry/contracts';
import { AccessService } from './access.service';
import { generateApiKey } from './api-key';

function serviceWith(keys: ApiKey[], operatorToken = 'operator-token-0123456789abcdef') {
  const map = new Map(keys.map((key) => [key.keyId, key]));
  let catchUps = 0;
  const view = { get: (id: string) => map.get(id), catchUp: async () => (catchUps += 1) > 0 };
  return { service: new AccessService(view, operatorToken), catchUps: () => catchUps, add: (key: ApiKey) => map.set(key.keyId, key) };
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

  it('catches up once when it meets a key it does not know yet', async () => {
    const fresh = keyFor('tenant-a', ['ingest']);
    const harness = serviceWith([]);
    expect(await harness.service.decide(fresh.bearer, 'tenant-a', 'ingest')).toMatchObject({ status: 401 });
    expect(harness.catchUps()).toBe(1);
  });
});
