import { ConfigError } from './config.error';
import { platformEnvSchema, toPlatformConfig } from './common-env';
import { connectionSecurityEnv, parseConnectionSecurity } from './connection-security';
import { loadConfig, type Env } from './load-config';

const FILES = new Set(['/etc/ferry/ca.pem', '/etc/ferry/client.pem', '/etc/ferry/client.key']);
const parse = (env: Env) => parseConnectionSecurity(env, { readable: (path) => FILES.has(path) });
const problemsOf = (env: Env) => parse(env).problems.map((problem) => problem.variable);

const SCRAM = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ingestion', KAFKA_SASL_PASSWORD: 's3cret-pass' };

describe('connection security from the environment', () => {
  it.each<[string, Env, string[]]>([
    ['nothing set: an open cluster', {}, []],
    ['SCRAM with its user', SCRAM, []],
    ['SCRAM-SHA-256 spelled in capitals', { ...SCRAM, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' }, []],
    [
      'PLAIN over TLS with a private CA',
      { ...SCRAM, KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/etc/ferry/ca.pem' },
      [],
    ],
    [
      'mutual TLS without SASL',
      { KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: '/etc/ferry/client.pem', KAFKA_TLS_KEY_FILE: '/etc/ferry/client.key' },
      [],
    ],
    [
      'OAUTHBEARER with its client',
      {
        KAFKA_SASL_MECHANISM: 'oauthbearer',
        KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://login.example.com/oauth2/token',
        KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'ferry',
        KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: 'x',
      },
      [],
    ],
    ['empty values count as unset (compose, Helm)', { KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_TLS: '' }, []],
    ['an unknown mechanism', { KAFKA_SASL_MECHANISM: 'gssapi' }, ['KAFKA_SASL_MECHANISM']],
    ['SCRAM without a password', { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ingestion' }, ['KAFKA_SASL_PASSWORD']],
    ['SCRAM without user or password', { KAFKA_SASL_MECHANISM: 'scram-sha-512' }, ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']],
    [
      'a user but no mechanism (would connect unauthenticated)',
      { KAFKA_SASL_USERNAME: 'ingestion', KAFKA_SASL_PASSWORD: 'x' },
      ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'],
    ],
    [
      'OAUTHBEARER without its client',
      { KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_USERNAME: 'ingestion' },
      [
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_OAUTHBEARER_TOKEN_URL',
        'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
        'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET',
      ],
    ],
    ['OAUTHBEARER settings with SCRAM', { ...SCRAM, KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'ferry' }, ['KAFKA_SASL_OAUTHBEARER_CLIENT_ID']],
    ['a CA file while TLS is off', { KAFKA_TLS_CA_FILE: '/etc/ferry/ca.pem' }, ['KAFKA_TLS_CA_FILE']],
    ['TLS neither true nor false', { KAFKA_TLS: 'yes' }, ['KAFKA_TLS']],
    ['a CA file that cannot be read', { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.pem' }, ['KAFKA_TLS_CA_FILE']],
    ['a client certificate without its key', { KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: '/etc/ferry/client.pem' }, ['KAFKA_TLS_KEY_FILE']],
    ['a key without its certificate', { KAFKA_TLS: 'true', KAFKA_TLS_KEY_FILE: '/etc/ferry/client.key' }, ['KAFKA_TLS_CERT_FILE']],
    ['a key password without a key', { KAFKA_TLS: 'true', KAFKA_TLS_KEY_PASSWORD: 'x' }, ['KAFKA_TLS_KEY_PASSWORD']],
    [
      'certificate checks neither on nor off',
      { KAFKA_TLS: 'true', KAFKA_TLS_REJECT_UNAUTHORIZED: 'maybe' },
      ['KAFKA_TLS_REJECT_UNAUTHORIZED'],
    ],
    ['a registry user without a password', { SCHEMA_REGISTRY_USERNAME: 'ingestion' }, ['SCHEMA_REGISTRY_PASSWORD']],
    ['a registry password without a user', { SCHEMA_REGISTRY_PASSWORD: 'x' }, ['SCHEMA_REGISTRY_USERNAME']],
    [
      'registry TLS files for an http registry',
      { SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7', SCHEMA_REGISTRY_TLS_CA_FILE: '/etc/ferry/ca.pem' },
      ['SCHEMA_REGISTRY_TLS_CA_FILE'],
    ],
    [
      'registry TLS with a certificate but no key',
      { SCHEMA_REGISTRY_URL: 'https://registry.example.com/apis/ccompat/v7', SCHEMA_REGISTRY_TLS_CERT_FILE: '/etc/ferry/client.pem' },
      ['SCHEMA_REGISTRY_TLS_KEY_FILE'],
    ],
  ])('%s', (_case, env, expected) => {
    expect(problemsOf(env)).toEqual(expected);
  });

  it('reports every bad combination at once', () => {
    const problems = problemsOf({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ingestion',
      KAFKA_TLS_CERT_FILE: '/etc/ferry/client.pem',
      SCHEMA_REGISTRY_USERNAME: 'ingestion',
    });
    expect(problems).toEqual(['KAFKA_SASL_PASSWORD', 'KAFKA_TLS_CERT_FILE', 'SCHEMA_REGISTRY_PASSWORD']);
  });

  it('gives the client what it needs: mechanism, user, TLS files, certificate checks on by default', () => {
    const { security } = parse({
      ...SCRAM,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: '/etc/ferry/ca.pem',
      SCHEMA_REGISTRY_URL: 'https://registry.example.com/apis/ccompat/v7',
      SCHEMA_REGISTRY_USERNAME: 'ingestion',
      SCHEMA_REGISTRY_PASSWORD: 'r3gistry',
    });
    expect(security).toEqual({
      kafka: {
        sasl: { mechanism: 'scram-sha-512', username: 'ingestion', password: 's3cret-pass' },
        tls: { rejectUnauthorized: true, caFile: '/etc/ferry/ca.pem' },
      },
      registry: { basicAuth: { username: 'ingestion', password: 'r3gistry' }, tls: { rejectUnauthorized: true } },
    });
  });

  it('turns settings back into the variables a child process reads', () => {
    const env = {
      ...SCRAM,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: '/etc/ferry/ca.pem',
      SCHEMA_REGISTRY_USERNAME: 'u',
      SCHEMA_REGISTRY_PASSWORD: 'p',
    };
    expect(parse(connectionSecurityEnv(parse(env).security)).security).toEqual(parse(env).security);
  });
});

describe("a service's start-up configuration", () => {
  const load = (env: Env) => toPlatformConfig('ingestion', loadConfig('ingestion', platformEnvSchema('ingestion', 3001), env));

  it('carries the credentials to the Kafka and registry clients', () => {
    const config = load({ ...SCRAM, SCHEMA_REGISTRY_USERNAME: 'ingestion', SCHEMA_REGISTRY_PASSWORD: 'r3gistry' });
    expect(config.kafka).toMatchObject({ brokers: ['127.0.0.1:9092'], sasl: { mechanism: 'scram-sha-512', username: 'ingestion' } });
    expect(config.registry).toMatchObject({ basicAuth: { username: 'ingestion', password: 'r3gistry' } });
  });

  it('lists security problems together with every other bad variable, without showing secrets', () => {
    const failure = (() => {
      try {
        load({ HTTP_PORT: 'eighty', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'hunter2-very-secret' });
      } catch (error) {
        return error;
      }
      return undefined;
    })() as ConfigError;
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.problems).toEqual([
      expect.stringMatching(/^HTTP_PORT: /),
      expect.stringMatching(/^KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM=scram-sha-512/),
    ]);
    expect(failure.message).not.toContain('hunter2');
  });
});
