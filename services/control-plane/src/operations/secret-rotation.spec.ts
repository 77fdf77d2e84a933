import { randomBytes } from 'node:crypto';
import type { Principal } from '@ferry/access';
import type { TenantConfiguration } from '@ferry/contracts';
import { SecretSealer, type KeyRing } from '@ferry/secrets';
import {
  credentialContext,
  credentialKeyId,
  isDestinationBound,
  openConnectionCredentials,
  sealConnectionCredentials,
} from '@ferry/tenant-config';
import type { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import type { StoredConnection, TenantSpec } from '../tenants/tenant-spec';
import type { ConfigurationVersionsRepository } from './configuration-versions.repository';
import { SecretRotationService } from './secret-rotation.service';
import type { SealedVersion } from './stored-version-resealing';

const keys = new Map([
  ['old', randomBytes(32)],
  ['new', randomBytes(32)],
]);
const before = new SecretSealer({ activeKeyId: 'old', keys });
const after = new SecretSealer({ activeKeyId: 'new', keys });
/** What a service holds once the retired key has left the ring. */
const withoutOldKey = new SecretSealer({ activeKeyId: 'new', keys: new Map([['new', keys.get('new')!]]) } satisfies KeyRing);

const connection = (baseUrl: string, sealedCredentials: string | null): StoredConnection => ({
  connectionId: 'erp',
  erpKind: 'sap_s4',
  baseUrl,
  authKind: 'basic',
  settings: { communicationUser: 'FERRY' },
  sealedCredentials,
  credentialFields: sealedCredentials ? ['password'] : [],
});
const spec = (tenantId: string, connections: StoredConnection[]): TenantSpec => ({
  tenantId,
  displayName: tenantId,
  active: true,
  template: { name: 'sap-s4', version: 1 },
  connections,
  mappingOverrides: {},
  rules: [],
  policies: null,
});
const configurationOf = (s: TenantSpec, version: number): TenantConfiguration => ({
  tenantId: s.tenantId,
  version,
  displayName: s.displayName,
  connections: s.connections.map(({ credentialFields: _fields, ...c }) => c),
  mappings: [],
  updatedAt: 0,
});

/** The control plane's stored versions, in memory: what the repository and the configuration service read and write. */
function store() {
  const versions = new Map<string, SealedVersion[]>();
  const add = (s: TenantSpec) => {
    const list = versions.get(s.tenantId) ?? [];
    const version = list.length + 1;
    list.push({ version, spec: structuredClone(s), configuration: configurationOf(s, version) });
    versions.set(s.tenantId, list);
    return version;
  };
  const tenants = {
    allCurrent: () =>
      Promise.resolve([...versions.entries()].map(([tenantId, list]) => ({ tenantId, spec: structuredClone(list.at(-1)!.spec) }))),
    change: (tenantId: string, _principal: Principal, _action: string, mutate: (s: TenantSpec) => void) => {
      const next = structuredClone(versions.get(tenantId)!.at(-1)!.spec);
      mutate(next);
      return Promise.resolve({ version: add(next) });
    },
  };
  const repository = {
    rewriteVersions: (tenantId: string, rewrite: (stored: SealedVersion) => SealedVersion | undefined) => {
      const list = versions.get(tenantId)!;
      const rewritten: number[] = [];
      list.forEach((stored, index) => {
        const next = rewrite(structuredClone(stored));
        if (next) {
          list[index] = next;
          rewritten.push(next.version);
        }
      });
      return Promise.resolve(rewritten);
    },
  };
  return {
    versions,
    add,
    tenants: tenants as unknown as TenantConfigurationService,
    repository: repository as unknown as ConfigurationVersionsRepository,
  };
}

const operator = { kind: 'operator' } as Principal;

describe('key rotation', () => {
  it('re-seals every stored version of every tenant, so none is sealed under the retired key', async () => {
    const { versions, add, tenants, repository } = store();
    const hostA = 'https://a.s4hana.ondemand.com';
    const hostB = 'https://b.s4hana.ondemand.com';
    // acme: v1 sealed before destinations were bound, v2 moved to host B with new credentials, v3 a later edit.
    add(spec('acme', [connection(hostA, before.seal({ password: 'pw-a' }, credentialContext('acme', 'erp')))]));
    const sealedForB = sealConnectionCredentials(before, 'acme', connection(hostB, null), { password: 'pw-b' });
    add(spec('acme', [connection(hostB, sealedForB)]));
    add({ ...spec('acme', [connection(hostB, sealedForB)]), displayName: 'Acme Ltd' });
    // globex: one version without credentials.
    add(spec('globex', [connection(hostA, null)]));

    const report = await new SecretRotationService(tenants, repository, after).rotate(operator);

    expect(report.failed).toEqual([]);
    expect(report.rotated).toEqual([{ tenantId: 'acme', connections: ['erp'], version: 4 }]);
    expect(report.resealedVersions).toEqual([{ tenantId: 'acme', versions: [1, 2, 3] }]);
    const sealedValues = [...versions.values()].flatMap((list) =>
      list.flatMap((stored) =>
        [...stored.spec.connections, ...stored.configuration.connections].map((c) => ({ version: stored.version, connection: c })),
      ),
    );
    for (const { connection: c } of sealedValues.filter(({ connection: c }) => c.sealedCredentials)) {
      expect(credentialKeyId(after, c.sealedCredentials!)).toBe('new');
      expect(isDestinationBound(c.sealedCredentials!)).toBe(true);
    }
    // Each version's credentials open without the retired key, for the destination that version had.
    const opened = versions.get('acme')!.map((stored) => openConnectionCredentials(withoutOldKey, 'acme', stored.spec.connections[0]!));
    expect(opened).toEqual([{ password: 'pw-a' }, { password: 'pw-b' }, { password: 'pw-b' }, { password: 'pw-b' }]);
    expect(
      versions.get('acme')!.map((stored) => openConnectionCredentials(withoutOldKey, 'acme', stored.configuration.connections[0]!)),
    ).toEqual(opened);
  });

  it('changes nothing when run again', async () => {
    const { versions, add, tenants, repository } = store();
    add(
      spec('acme', [
        connection(
          'https://a.example',
          sealConnectionCredentials(before, 'acme', connection('https://a.example', null), { password: 'p' }),
        ),
      ]),
    );
    const rotation = new SecretRotationService(tenants, repository, after);
    await rotation.rotate(operator);
    const once = structuredClone(versions.get('acme'));
    const again = await rotation.rotate(operator);
    expect(again).toMatchObject({ rotated: [], resealedVersions: [], failed: [] });
    expect(versions.get('acme')).toEqual(once);
  });

  it('reports a tenant whose stored credentials no key in the ring opens, and rotates the others', async () => {
    const { add, tenants, repository } = store();
    const foreign = new SecretSealer({ activeKeyId: 'gone', keys: new Map([['gone', randomBytes(32)]]) });
    add(
      spec('acme', [
        connection(
          'https://a.example',
          sealConnectionCredentials(foreign, 'acme', connection('https://a.example', null), { password: 'p' }),
        ),
      ]),
    );
    add(
      spec('globex', [
        connection(
          'https://g.example',
          sealConnectionCredentials(before, 'globex', connection('https://g.example', null), { password: 'g' }),
        ),
      ]),
    );
    const report = await new SecretRotationService(tenants, repository, after).rotate(operator);
    expect(report.failed).toEqual([{ tenantId: 'acme', reason: expect.stringContaining('"gone"') as string }]);
    expect(report.rotated.map((r) => r.tenantId)).toEqual(['globex']);
  });
});
