import { randomBytes } from 'node:crypto';
import { parseBody } from '@ferry/platform';
import { connectionInput } from './tenant-spec';

const webhook = (credentials: Record<string, string> | undefined) => ({
  erpKind: 'webhook',
  baseUrl: 'https://hooks.example.com/ferry',
  authKind: 'hmac_sha256',
  ...(credentials ? { credentials } : {}),
});
const problem = (body: unknown): string | undefined => {
  try {
    parseBody(connectionInput, body);
    return undefined;
  } catch (error) {
    return (error as { getResponse(): { error: { message: string } } }).getResponse().error.message;
  }
};

describe('webhook connection credentials', () => {
  it.each([
    ['a 24-character signing secret', 'x'.repeat(24), /credentials\.signingSecret: must be at least 32 bytes/],
    ['an empty signing secret', '', /credentials\.signingSecret: must be at least 32 bytes/],
  ])('refuses %s', (_case, signingSecret, message) => {
    expect(problem(webhook({ signingSecret }))).toMatch(message);
  });

  it.each([
    ['32 random bytes, base64url', { signingSecret: randomBytes(32).toString('base64url') }],
    ['no credentials (kept as they are)', undefined],
  ])('accepts %s', (_case, credentials) => {
    expect(problem(webhook(credentials))).toBeUndefined();
  });
});

describe('csv_sftp connections pin the server host key', () => {
  const sftp = (settings: Record<string, string>) => ({
    erpKind: 'csv_sftp',
    baseUrl: 'sftp://files.partner.example',
    authKind: 'ssh_key',
    settings: { host: 'files.partner.example', port: '22', username: 'acme', ...settings },
    credentials: { password: 'p' },
  });

  it.each([
    ['no hostKeyFingerprint', {}, /settings\.hostKeyFingerprint: is required/],
    [
      'a hostKeyFingerprint that is not SHA256',
      { hostKeyFingerprint: 'MD5:aa:bb' },
      /settings\.hostKeyFingerprint: must be an OpenSSH SHA256/,
    ],
  ])('refuses %s', (_case, settings, message) => {
    expect(problem(sftp(settings))).toMatch(message);
  });

  it('accepts a pinned SHA256 host key', () => {
    expect(problem(sftp({ hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` }))).toBeUndefined();
  });
});

describe('the return path’s connection fields', () => {
  const sftp = (settings: Record<string, string>, credentials: Record<string, string> = { password: 'p' }) => ({
    erpKind: 'csv_sftp',
    baseUrl: 'sftp://files.partner.example',
    authKind: 'ssh_key',
    settings: { username: 'acme', hostKeyFingerprint: `SHA256:${'A'.repeat(43)}`, ...settings },
    credentials,
  });

  it.each([
    [
      'a short inbound signing secret',
      sftp({}, { password: 'p', inboundSigningSecret: 'x'.repeat(31) }),
      /credentials\.inboundSigningSecret: must be at least 32 bytes/,
    ],
    [
      'a relative status folder',
      sftp({ statusExportDirectory: 'outbound/status' }),
      /settings\.statusExportDirectory: an absolute folder path/,
    ],
    ['a status folder climbing out', sftp({ statusExportDirectory: '/outbound/../etc' }), /settings\.statusExportDirectory/],
    [
      'a status folder on a connection that is not csv_sftp',
      { ...webhook({ signingSecret: 'y'.repeat(32) }), settings: { statusExportDirectory: '/outbound' } },
      /settings\.statusExportDirectory/,
    ],
  ])('refuses %s', (_case, body, message) => {
    expect(problem(body)).toMatch(message);
  });

  it.each([
    [
      'a 32-byte inbound secret on a webhook connection',
      webhook({ signingSecret: 'y'.repeat(32), inboundSigningSecret: randomBytes(32).toString('base64url') }),
    ],
    ['a status folder on a csv_sftp connection', sftp({ statusExportDirectory: '/outbound/status' })],
  ])('accepts %s', (_case, body) => {
    expect(problem(body)).toBeUndefined();
  });
});
