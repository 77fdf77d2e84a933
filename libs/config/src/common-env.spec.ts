import { ConfigError } from './config.error';
import { platformEnvSchema, toPlatformConfig } from './common-env';
import { loadConfig } from './load-config';

const configFrom = (env: Record<string, string>) =>
  toPlatformConfig('ingestion', loadConfig('ingestion', platformEnvSchema('ingestion', 3001), env));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    configFrom(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

describe('where a service serves its metrics', () => {
  it.each([
    ['by default: its HTTP port + 6000, on loopback', {}, { host: '127.0.0.1', port: 9001 }],
    ['beside a shifted HTTP port', { HTTP_PORT: '3101' }, { host: '127.0.0.1', port: 9101 }],
    ['where METRICS_PORT and METRICS_HOST say', { METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }, { host: '0.0.0.0', port: 9464 }],
  ])('%s', (_case, env, metrics) => {
    expect(configFrom(env).metrics).toEqual(metrics);
  });

  it.each([
    ['the same port as the public API', { HTTP_PORT: '3001', METRICS_PORT: '3001' }, /METRICS_PORT: must differ from HTTP_PORT/],
    ['not a port', { METRICS_PORT: 'metrics' }, /METRICS_PORT: /],
    ['out of range', { METRICS_PORT: '70000' }, /METRICS_PORT: /],
    ['a default past the last port', { HTTP_PORT: '65000' }, /METRICS_PORT: .*set it/],
  ])('refuses a metrics port that is %s', (_case, env, problem) => {
    expect(problemsOf(env)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});
