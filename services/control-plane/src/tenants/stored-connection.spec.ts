import { randomBytes } from 'node:crypto';
import { SecretSealer, keyRingEnvSchema } from '@ferry/secrets';
import { DESTINATION_BOUND_MARKER, credentialContext, openConnectionCredentials } from '@ferry/tenant-config';
import { storedConnection } from './stored-connection';
import type { ConnectionInput, StoredConnection } from './tenant-spec';

const sealer = new SecretSealer(
  keyRingEnvSchema.parse({ FERRY_SECRETS_KEYRING: `a:${randomBytes(32).toString('base64')}`, FERRY_SECRETS_ACTIVE_KEY: 'a' }),
);

const dynamicsInput: ConnectionInput = {
  erpKind: 'dynamics365',
  baseUrl: 'https://acme.crm4.dynamics.com',
  authKind: 'oauth2_client_credentials',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1', environmentUrl: 'https://acme.crm4.dynamics.com' },
  credentials: { clientSecret: 'planted-secret' },
};
const withoutCredentials = ({ credentials: _credentials, ...input }: ConnectionInput): ConnectionInput => input;
const saved = (): StoredConnection => storedConnection(sealer, 't1', 'erp', dynamicsInput, undefined);
const refusal = (run: () => unknown): { code: string; message: string; details?: { fields: string[] } } | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { getResponse(): { error: { code: string; message: string; details?: { fields: string[] } } } }).getResponse().error;
  }
};

describe('updating a connection without sending its credentials again', () => {
  it.each<[string, Partial<ConnectionInput>, string[]]>([
    ['baseUrl', { baseUrl: 'https://evil.example' }, ['baseUrl']],
    ['settings.tokenUrl', { settings: { ...dynamicsInput.settings, tokenUrl: 'https://evil.example/token' } }, ['settings.tokenUrl']],
    [
      'settings.environmentUrl',
      { settings: { ...dynamicsInput.settings, environmentUrl: 'https://evil.example' } },
      ['settings.environmentUrl'],
    ],
    ['erpKind', { erpKind: 'webhook' }, ['erpKind']],
  ])('is refused with a 400 naming the field when it changes %s', (_case, change, fields) => {
    const error = refusal(() => storedConnection(sealer, 't1', 'erp', { ...withoutCredentials(dynamicsInput), ...change }, saved()));
    expect(error).toMatchObject({ code: 'CREDENTIALS_REQUIRED_FOR_NEW_DESTINATION', details: { fields } });
    for (const field of fields) expect(error?.message).toContain(field);
  });

  it('is accepted when the new destination comes with new credentials, which open only there', () => {
    const moved = storedConnection(sealer, 't1', 'erp', { ...dynamicsInput, baseUrl: 'https://acme2.crm4.dynamics.com' }, saved());
    expect(openConnectionCredentials(sealer, 't1', moved)).toEqual({ clientSecret: 'planted-secret' });
    expect(() => openConnectionCredentials(sealer, 't1', { ...moved, baseUrl: dynamicsInput.baseUrl })).toThrow(/cannot open/);
  });

  it('keeps the credentials when only settings that are not the destination change', () => {
    const previous = saved();
    const kept = storedConnection(
      sealer,
      't1',
      'erp',
      { ...withoutCredentials(dynamicsInput), settings: { ...dynamicsInput.settings, clientId: 'c2' } },
      previous,
    );
    expect(kept.sealedCredentials).toBe(previous.sealedCredentials);
    expect(openConnectionCredentials(sealer, 't1', kept)).toEqual({ clientSecret: 'planted-secret' });
  });

  it('re-seals credentials stored before destinations were bound, bound to the unchanged destination', () => {
    const legacy = { ...saved(), sealedCredentials: sealer.seal({ clientSecret: 'old' }, credentialContext('t1', 'erp')) };
    const kept = storedConnection(sealer, 't1', 'erp', withoutCredentials(dynamicsInput), legacy);
    expect(kept.sealedCredentials?.startsWith(DESTINATION_BOUND_MARKER)).toBe(true);
    expect(openConnectionCredentials(sealer, 't1', kept)).toEqual({ clientSecret: 'old' });
  });
});
