import { STRICT_EGRESS, configureEgress, type EgressSettings } from '@ferry/erp-core';
import { sftpDestination } from './sftp-session';

const connection = (baseUrl: string, settings: Record<string, string> = {}) => ({
  tenantId: 't1',
  connectionId: 'c1',
  erpKind: 'csv_sftp',
  authKind: 'password',
  baseUrl,
  settings,
  credentials: {},
});
const LOCAL: EgressSettings = { localDevelopment: true, allowList: [] };

describe('sftpDestination: the SFTP host is judged, resolved once and connected to by address', () => {
  afterEach(() => configureEgress(STRICT_EGRESS));

  it.each<[string, string, Record<string, string>, EgressSettings, string]>([
    ['a loopback base URL', 'sftp://127.0.0.1:2222', {}, STRICT_EGRESS, 'loopback'],
    ['the metadata address as settings.host', 'sftp://files.partner.example', { host: '169.254.169.254' }, STRICT_EGRESS, 'link-local'],
    ['a private address as settings.host', 'sftp://files.partner.example', { host: '10.0.0.8' }, STRICT_EGRESS, 'private'],
    ['a name resolving to loopback', 'sftp://files.partner.example', { host: 'localhost' }, STRICT_EGRESS, 'loopback'],
    ['an https base URL', 'https://files.partner.example', {}, STRICT_EGRESS, 'must use sftp'],
    ['a port out of range', 'sftp://127.0.0.1', { port: '70000' }, LOCAL, 'is not a TCP port'],
    ['the metadata address in local development', 'sftp://169.254.169.254:22', {}, LOCAL, 'link-local'],
  ])('refuses %s', async (_case, baseUrl, settings, egress, reason) => {
    configureEgress(egress);
    await expect(sftpDestination(connection(baseUrl, settings))).rejects.toMatchObject({
      errorClass: 'validation',
      details: { erpCode: 'EGRESS_REFUSED' },
      message: expect.stringContaining(reason),
    });
  });

  it('connects to the resolved address of an allowed name (local development: loopback simulators)', async () => {
    configureEgress(LOCAL);
    const destination = await sftpDestination(connection('sftp://localhost:2222'));
    expect(destination.port).toBe(2222);
    expect(['127.0.0.1', '::1']).toContain(destination.host);
  });
});
