import { randomBytes } from 'node:crypto';
import { keyRingEnvSchema } from './key-ring';
import { SecretSealer } from './secret-sealer';

const ring = (active: string, ...ids: string[]) =>
  keyRingEnvSchema.parse({
    FERRY_SECRETS_KEYRING: ids.map((id) => `${id}:${randomBytes(32).toString('base64')}`).join(','),
    FERRY_SECRETS_ACTIVE_KEY: active,
  });

describe('SecretSealer', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealer = new SecretSealer(ring('a', 'a'));
    const sealed = sealer.seal({ privateKey: 'planted-secret-123' }, 'tenant-1/conn-1');
    expect(sealed).not.toContain('planted-secret-123');
    expect(sealer.keyIdOf(sealed)).toBe('a');
    expect(sealer.open(sealed, 'tenant-1/conn-1')).toEqual({ privateKey: 'planted-secret-123' });
  });

  it('refuses to open a secret moved to another tenant context', () => {
    const sealer = new SecretSealer(ring('a', 'a'));
    const sealed = sealer.seal({ token: 'x' }, 'tenant-1/conn-1');
    expect(() => sealer.open(sealed, 'tenant-2/conn-1')).toThrow(/cannot open/);
  });

  it('keeps opening old secrets after rotation and re-seals them under the new key', () => {
    const keys = ring('old', 'old', 'new');
    const before = new SecretSealer(keys).seal({ token: 'x' }, 'c');
    const after = new SecretSealer({ ...keys, activeKeyId: 'new' });
    const resealed = after.reseal(before, 'c');
    expect(after.keyIdOf(resealed)).toBe('new');
    expect(after.open(resealed, 'c')).toEqual({ token: 'x' });
  });

  it('rejects a key ring entry that is not 32 bytes', () => {
    const result = keyRingEnvSchema.safeParse({ FERRY_SECRETS_KEYRING: `k:${Buffer.alloc(16).toString('base64')}` });
    expect(result.success).toBe(false);
  });
});
