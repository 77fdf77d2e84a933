import { redactSecrets } from './secret-redaction';

describe('redactSecrets', () => {
  it.each<[string, unknown, unknown]>([
    [
      'sealed credentials in a configuration',
      { connections: [{ sealedCredentials: 'v1.k1.abc' }] },
      { connections: [{ sealedCredentials: '[sealed]' }] },
    ],
    ['a sealed_credentials column', { sealed_credentials: 'v1.k1.abc', id: 1 }, { sealed_credentials: '[sealed]', id: 1 }],
    ['no sealed credentials (null)', { sealedCredentials: null }, { sealedCredentials: null }],
    [
      'plain credentials keep their names only',
      { credentials: { signingSecret: 's3cret', user: 'u' } },
      { credentials: { signingSecret: '[redacted]', user: '[redacted]' } },
    ],
    [
      'secret hashes are dropped',
      { key_id: 'k', secret_hash: 'ab', nested: { secretHash: 'cd', tokenHash: 'ef' } },
      { key_id: 'k', nested: {} },
    ],
    [
      'other fields untouched',
      { tenant_id: 'acme', rows: [1, 2], at: '2026-12-02T00:00:00Z' },
      { tenant_id: 'acme', rows: [1, 2], at: '2026-12-02T00:00:00Z' },
    ],
  ])('%s', (_case, row, redacted) => {
    expect(redactSecrets(row)).toEqual(redacted);
  });
});
