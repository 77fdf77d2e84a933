import type { KafkaSecurity } from '@ferry/config';
import { kafkaSecurityConfig } from './kafka-client';

const files: Record<string, string> = { '/tls/ca.pem': 'CA', '/tls/client.pem': 'CERT', '/tls/client.key': 'KEY' };
const readFile = (path: string) => Buffer.from(files[path] ?? '');

describe('kafkajs security settings', () => {
  it.each<[string, KafkaSecurity, object]>([
    ['none: a plaintext, unauthenticated client', {}, {}],
    [
      'SCRAM-SHA-512',
      { sasl: { mechanism: 'scram-sha-512', username: 'ingestion', password: 'pw' } },
      { sasl: { mechanism: 'scram-sha-512', username: 'ingestion', password: 'pw' } },
    ],
    [
      'PLAIN over TLS with the platform trust store',
      { sasl: { mechanism: 'plain', username: 'u', password: 'p' }, tls: { rejectUnauthorized: true } },
      { sasl: { mechanism: 'plain', username: 'u', password: 'p' }, ssl: { rejectUnauthorized: true } },
    ],
    [
      'mutual TLS with a private CA',
      {
        tls: {
          rejectUnauthorized: true,
          caFile: '/tls/ca.pem',
          certFile: '/tls/client.pem',
          keyFile: '/tls/client.key',
          keyPassphrase: 'k',
        },
      },
      { ssl: { rejectUnauthorized: true, ca: [Buffer.from('CA')], cert: Buffer.from('CERT'), key: Buffer.from('KEY'), passphrase: 'k' } },
    ],
    ['TLS with certificate checks turned off', { tls: { rejectUnauthorized: false } }, { ssl: { rejectUnauthorized: false } }],
  ])('%s', (_case, security, expected) => {
    expect(kafkaSecurityConfig(security, readFile)).toEqual(expected);
  });

  it('takes OAUTHBEARER tokens from the token endpoint', () => {
    const config = kafkaSecurityConfig({
      sasl: { mechanism: 'oauthbearer', tokenUrl: 'https://login.example.com/token', clientId: 'ferry', clientSecret: 's' },
    });
    expect(config.sasl).toEqual({ mechanism: 'oauthbearer', oauthBearerProvider: expect.any(Function) });
  });
});
