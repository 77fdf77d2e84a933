import { randomBytes } from 'node:crypto';
import { SecretSealer, keyRingEnvSchema } from '@ferry/secrets';
import {
  DESTINATION_BOUND_MARKER,
  credentialContext,
  credentialKeyId,
  needsResealing,
  openConnectionCredentials,
  resealConnectionCredentials,
  sealConnectionCredentials,
  type SealedConnection,
} from './connection-credentials';
import { openConnection } from './connection-context';

const ring = (active: string, ...ids: string[]) =>
  keyRingEnvSchema.parse({
    FERRY_SECRETS_KEYRING: ids.map((id) => `${id}:${randomBytes(32).toString('base64')}`).join(','),
    FERRY_SECRETS_ACTIVE_KEY: active,
  });
const sealer = new SecretSealer(ring('a', 'a'));
const dynamics: SealedConnection = {
  connectionId: 'erp',
  erpKind: 'dynamics365',
  baseUrl: 'https://acme.crm4.dynamics.com',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1' },
};
const sealedFor = (connection: SealedConnection): SealedConnection => ({
  ...connection,
  sealedCredentials: sealConnectionCredentials(sealer, 't1', connection, { clientSecret: 'planted-secret' }),
});

describe('credentials bound to their destination', () => {
  it('open while the connection points where they were sealed for, and for settings that are not its destination', () => {
    const sealed = sealedFor(dynamics);
    expect(openConnectionCredentials(sealer, 't1', sealed)).toEqual({ clientSecret: 'planted-secret' });
    expect(openConnectionCredentials(sealer, 't1', { ...sealed, settings: { ...dynamics.settings, clientId: 'c2' } })).toEqual({
      clientSecret: 'planted-secret',
    });
  });

  it.each<[string, Partial<SealedConnection>]>([
    ['baseUrl edited in the stored row', { baseUrl: 'https://evil.example' }],
    ['token URL added', { settings: { ...dynamics.settings, tokenUrl: 'https://evil.example/token' } }],
    ['environment URL added', { settings: { ...dynamics.settings, environmentUrl: 'https://evil.example' } }],
    ['kind changed', { erpKind: 'webhook' }],
    ['copied to another connection', { connectionId: 'other' }],
  ])('do not open once re-pointed: %s', (_case, edit) => {
    const sealed = sealedFor(dynamics);
    expect(() => openConnectionCredentials(sealer, 't1', { ...sealed, ...edit })).toThrow(/cannot open/);
  });

  it('a delivery service does not open them for a connection re-pointed in the published configuration', () => {
    const sealed = { ...sealedFor(dynamics), authKind: 'oauth2_client_credentials', settings: { ...dynamics.settings } };
    expect(openConnection('t1', sealed, sealer).credentials).toEqual({ clientSecret: 'planted-secret' });
    expect(() => openConnection('t1', { ...sealed, baseUrl: 'https://evil.example' }, sealer)).toThrow(/cannot open/);
  });

  it('do not open for another tenant', () => {
    expect(() => openConnectionCredentials(sealer, 't2', sealedFor(dynamics))).toThrow(/cannot open/);
  });

  it('do not open with the marker stripped (a downgrade to the unbound form)', () => {
    const sealed = sealedFor(dynamics).sealedCredentials!;
    expect(() =>
      openConnectionCredentials(sealer, 't1', { ...dynamics, sealedCredentials: sealed.slice(DESTINATION_BOUND_MARKER.length) }),
    ).toThrow(/cannot open/);
  });

  it('keeps credentials sealed before destinations were bound readable, and re-seals them bound', () => {
    const legacy = { ...dynamics, sealedCredentials: sealer.seal({ clientSecret: 's' }, credentialContext('t1', 'erp')) };
    expect(openConnectionCredentials(sealer, 't1', legacy)).toEqual({ clientSecret: 's' });
    expect(needsResealing(sealer, legacy.sealedCredentials)).toBe(true);
    const bound = { ...legacy, sealedCredentials: resealConnectionCredentials(sealer, 't1', legacy) };
    expect(bound.sealedCredentials!.startsWith(DESTINATION_BOUND_MARKER)).toBe(true);
    expect(needsResealing(sealer, bound.sealedCredentials)).toBe(false);
    expect(openConnectionCredentials(sealer, 't1', bound)).toEqual({ clientSecret: 's' });
    expect(() => openConnectionCredentials(sealer, 't1', { ...bound, baseUrl: 'https://evil.example' })).toThrow(/cannot open/);
  });

  it('reports the master key of either form and re-seals under the active key', () => {
    const keys = ring('old', 'old', 'new');
    const before = sealConnectionCredentials(new SecretSealer(keys), 't1', dynamics, { clientSecret: 's' });
    const after = new SecretSealer({ ...keys, activeKeyId: 'new' });
    expect(credentialKeyId(after, before)).toBe('old');
    expect(needsResealing(after, before)).toBe(true);
    const resealed = resealConnectionCredentials(after, 't1', { ...dynamics, sealedCredentials: before })!;
    expect(credentialKeyId(after, resealed)).toBe('new');
  });
});
