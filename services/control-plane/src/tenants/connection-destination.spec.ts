import { HttpException } from '@nestjs/common';
import type { PlatformConfig } from '@ferry/config';
import type { Principal } from '@ferry/access';
import type { TenantConfigurationService } from './tenant-configuration.service';
import { TenantPartsController } from './tenant-parts.controller';

const admin: Principal = { kind: 'tenant', id: 'key-1', tenantId: 'acme', scopes: ['admin'] };

function controller(egress: PlatformConfig['egress']) {
  const change = jest.fn(async () => ({}) as never);
  const tenants = { change } as unknown as TenantConfigurationService;
  return { parts: new TenantPartsController(tenants, { egress } as PlatformConfig), change };
}

async function refusal(egress: PlatformConfig['egress'], body: Record<string, unknown>) {
  const { parts, change } = controller(egress);
  const outcome = await parts.putConnection('acme', 'erp', body, admin).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) return undefined;
  expect(change).not.toHaveBeenCalled();
  expect(outcome).toBeInstanceOf(HttpException);
  const response = (outcome as HttpException).getResponse() as { error: { code: string; message: string; details: { field: string }[] } };
  expect((outcome as HttpException).getStatus()).toBe(400);
  return response.error;
}

const STRICT = { localDevelopment: false, allowList: [], localPorts: [] };
const webhook = (baseUrl: string, settings: Record<string, string> = {}) => ({
  erpKind: 'webhook',
  baseUrl,
  authKind: 'hmac_sha256',
  settings,
  credentials: { signingSecret: 'a-long-enough-signing-secret-0123456789' },
});

describe('saving a connection: its destinations are checked by the egress policy (400 naming the field and reason)', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['the registry on loopback', webhook('https://127.0.0.1:8081/apis/ccompat/v7'), 'baseUrl', 'loopback'],
    ['the cloud metadata service', webhook('https://169.254.169.254/latest/meta-data/'), 'baseUrl', 'link-local'],
    ['plain http', webhook('http://hooks.example.com/ep'), 'baseUrl', 'must use https'],
    [
      'a Dynamics token URL off Microsoft hosts',
      {
        erpKind: 'dynamics365',
        baseUrl: 'https://acme.crm.dynamics.com',
        authKind: 'oauth2_client_credentials',
        settings: { tokenUrl: 'https://evil.example/token' },
        credentials: { clientSecret: 's' },
      },
      'settings.tokenUrl',
      'is not a Microsoft Dynamics 365 host',
    ],
    [
      'an SFTP host on a private address',
      {
        erpKind: 'csv_sftp',
        baseUrl: 'sftp://files.partner.example',
        authKind: 'password',
        settings: { host: '10.0.0.8', username: 'partner', hostKeyFingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' },
        credentials: { password: 'p' },
      },
      'settings.host',
      'private',
    ],
  ])('refuses %s', async (_case, body, field, reason) => {
    const error = await refusal(STRICT, body);
    expect(error?.code).toBe('UNSAFE_DESTINATION');
    expect(error?.message).toContain(`${field}: `);
    expect(error?.message).toContain(reason);
    expect(error?.details.map((detail) => detail.field)).toContain(field);
  });

  it('accepts the loopback simulators with the local-development switch on', async () => {
    expect(await refusal({ localDevelopment: true, allowList: [], localPorts: [] }, webhook('http://127.0.0.1:4010/ep'))).toBeUndefined();
  });
});
