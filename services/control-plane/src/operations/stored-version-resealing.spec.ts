import type { TenantConfiguration } from '@ferry/contracts';
import type { StoredConnection, TenantSpec } from '../tenants/tenant-spec';
import { resealedVersion, type SealedVersion } from './stored-version-resealing';

const connection = (connectionId: string, sealedCredentials: string | null): StoredConnection => ({
  connectionId,
  erpKind: 'webhook',
  baseUrl: `https://${connectionId}.example`,
  authKind: 'hmac_sha256',
  settings: {},
  sealedCredentials,
  credentialFields: [],
});
const version = (...connections: StoredConnection[]): SealedVersion => ({
  version: 7,
  spec: { tenantId: 't', connections } as unknown as TenantSpec,
  configuration: { tenantId: 't', version: 7, connections: connections.map(({ credentialFields: _f, ...c }) => c) } as TenantConfiguration,
});
// "stale:*" values need re-sealing; re-sealing marks them "fresh:<connection>".
const resealing = {
  needs: (sealed: string | null | undefined) => !!sealed?.startsWith('stale:'),
  reseal: (c: { connectionId: string }) => `fresh:${c.connectionId}`,
};
const sealedOf = (stored: SealedVersion | undefined) =>
  stored && {
    spec: stored.spec.connections.map((c) => c.sealedCredentials),
    configuration: stored.configuration.connections.map((c) => c.sealedCredentials),
  };

describe('re-sealing one stored version', () => {
  it.each<[string, SealedVersion, { spec: (string | null)[]; configuration: (string | null | undefined)[] } | undefined]>([
    ['no connections: nothing to do', version(), undefined],
    ['no credentials: nothing to do', version(connection('a', null)), undefined],
    ['everything current: nothing to do', version(connection('a', 'fresh:a')), undefined],
    [
      'one stale connection, in spec and configuration',
      version(connection('a', 'stale:1')),
      { spec: ['fresh:a'], configuration: ['fresh:a'] },
    ],
    [
      'only the stale connections of several',
      version(connection('a', 'fresh:a'), connection('b', 'stale:2'), connection('c', null)),
      { spec: ['fresh:a', 'fresh:b', null], configuration: ['fresh:a', 'fresh:b', null] },
    ],
  ])('%s', (_case, stored, expected) => {
    expect(sealedOf(resealedVersion(stored, resealing))).toEqual(expected);
  });

  it('keeps the version number and every other field', () => {
    const stored = version(connection('a', 'stale:1'));
    const resealed = resealedVersion(stored, resealing)!;
    expect(resealed.version).toBe(7);
    expect({ ...resealed.spec.connections[0], sealedCredentials: 'x' }).toEqual({ ...stored.spec.connections[0], sealedCredentials: 'x' });
  });
});
