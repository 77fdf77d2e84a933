import { createHash, randomBytes } from 'node:crypto';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { CsvSftpConnector } from './csv-sftp-connector';
import { hostKeyFingerprint, pinnedHostVerifier } from './sftp-session';

const serverKey = randomBytes(51);
const otherKey = randomBytes(51);
const pinned = `SHA256:${createHash('sha256').update(serverKey).digest('base64').replace(/=+$/, '')}`;

const connection = (settings: Record<string, string>): ErpConnectionContext => ({
  tenantId: 't1',
  connectionId: 'legacy',
  erpKind: 'csv_sftp',
  authKind: 'ssh_key',
  // Nothing listens here: a connector that tried to connect would fail with "cannot reach", not the pin message.
  baseUrl: 'sftp://127.0.0.1:1',
  settings: { host: '127.0.0.1', port: '1', username: 'acme', batchWindowSeconds: '0.1', ...settings },
  credentials: { password: 'planted-password' },
});

describe('SFTP host key pinning', () => {
  it.each([
    ['the pinned key', serverKey, true],
    ['another key', otherKey, false],
  ])('a server presenting %s is accepted: %s', (_case, presented, accepted) => {
    expect(hostKeyFingerprint(serverKey)).toBe(pinned);
    expect(pinnedHostVerifier(pinned)(presented)).toBe(accepted);
  });

  it.each([
    ['no pinned key', {}, /hostKeyFingerprint is required/],
    ['an empty pinned key', { hostKeyFingerprint: '' }, /hostKeyFingerprint is required/],
    [
      'a pin that is not a SHA256 fingerprint',
      { hostKeyFingerprint: 'MD5:aa:bb' },
      /hostKeyFingerprint must be an OpenSSH SHA256 fingerprint/,
    ],
  ])('the connector refuses a connection with %s, before connecting', async (_case, settings, message) => {
    const failure = (await new CsvSftpConnector(10)
      .upsert(connection(settings), { recordType: 'CUSTOMERS', externalId: 'c-1', payload: { NAME: 'One' } })
      .then(
        () => undefined,
        (error: unknown) => error,
      )) as ErpError;
    expect(failure).toBeInstanceOf(ErpError);
    expect(failure.errorClass).toBe('auth_revoked');
    expect(failure.message).toMatch(message);
  });
});
