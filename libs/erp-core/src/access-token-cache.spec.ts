import { AccessTokenCache, cachedTokenUsable, connectionConfigurationDigest } from './access-token-cache';
import type { ErpConnectionContext } from './erp-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'dynamics365',
  authKind: 'oauth2_client_credentials',
  baseUrl: 'https://acme.crm4.dynamics.com',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1' },
  credentials: { clientSecret: 's1' },
};
const digest = connectionConfigurationDigest(connection);
const now = 1_000_000;

describe('whether a cached token may be used', () => {
  it.each<[string, { configuration: string; expiresAt: number } | undefined, string, boolean]>([
    ['nothing cached', undefined, digest, false],
    ['same configuration, an hour left', { configuration: digest, expiresAt: now + 3_600_000 }, digest, true],
    ['same configuration, within a minute of expiry', { configuration: digest, expiresAt: now + 59_000 }, digest, false],
    ['the configuration changed', { configuration: digest, expiresAt: now + 3_600_000 }, 'other', false],
  ])('%s', (_case, cached, configuration, usable) => {
    expect(cachedTokenUsable(cached, configuration, now)).toBe(usable);
  });
});

describe('a connection configuration digest changes with', () => {
  it.each<[string, Partial<ErpConnectionContext>]>([
    ['the base URL', { baseUrl: 'https://evil.example' }],
    ['a setting', { settings: { ...connection.settings, tokenUrl: 'https://evil.example/token' } }],
    ['the credentials', { credentials: { clientSecret: 's2' } }],
    ['the auth kind', { authKind: 'oauth1_tba' }],
  ])('%s', (_case, edit) => {
    expect(connectionConfigurationDigest({ ...connection, ...edit })).not.toBe(digest);
  });

  it('and not with the order settings are listed in', () => {
    expect(connectionConfigurationDigest({ ...connection, settings: { tenantDirectoryId: 'dir-1', clientId: 'c1' } })).toBe(digest);
  });
});

describe('AccessTokenCache', () => {
  it('reuses a token for the same configuration and fetches a new one after any configuration change', async () => {
    const cache = new AccessTokenCache();
    let issued = 0;
    const fetchToken = () => Promise.resolve({ token: `token-${++issued}`, expiresInSeconds: 3600 });
    expect(await cache.get(connection, fetchToken)).toBe('token-1');
    expect(await cache.get({ ...connection }, fetchToken)).toBe('token-1');
    expect(await cache.get({ ...connection, baseUrl: 'https://evil.example' }, fetchToken)).toBe('token-2');
    // Back to the first configuration: the token of the edited one is not reused either.
    expect(await cache.get(connection, fetchToken)).toBe('token-3');
  });
});
