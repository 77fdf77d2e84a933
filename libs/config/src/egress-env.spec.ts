import { z } from 'zod';
import { ConfigError } from './config.error';
import { egressAllowEntryProblem, egressEnvShape, toEgressConfig } from './egress-env';
import { loadConfig } from './load-config';

describe('egressAllowEntryProblem', () => {
  it.each(['erp.internal.example', '*.internal.example', '10.1.2.3', '10.20.0.0/16', 'fd00::/8', '::1', 'sap-gw'])(
    'accepts %s',
    (entry) => {
      expect(egressAllowEntryProblem(entry)).toBeUndefined();
    },
  );

  it.each([
    ['10.0.0.0/33', 'prefix outside'],
    ['fd00::/129', 'prefix outside'],
    ['erp.example/8', 'not a CIDR block'],
    ['10.0.0.0/8/8', 'more than one'],
    ['http://erp.example', 'more than one'],
    ['erp.example:443', 'neither'],
    ['*', 'neither'],
    ['a..b', 'neither'],
  ])('refuses %s (%s)', (entry, problem) => {
    expect(egressAllowEntryProblem(entry)).toContain(problem);
  });
});

describe('egress variables', () => {
  const schema = z.object(egressEnvShape);
  it.each<[Record<string, string>, { localDevelopment: boolean; allowList: string[]; localPorts?: number[] }]>([
    [{}, { localDevelopment: false, allowList: [] }],
    [{ FERRY_EGRESS_LOCAL_DEVELOPMENT: 'true' }, { localDevelopment: true, allowList: [] }],
    [
      { FERRY_EGRESS_LOCAL_DEVELOPMENT: 'true', FERRY_EGRESS_LOCAL_PORTS: '4010, 4011' },
      { localDevelopment: true, allowList: [], localPorts: [4010, 4011] },
    ],
    [
      { FERRY_EGRESS_LOCAL_DEVELOPMENT: '0', FERRY_EGRESS_ALLOW: ' sap.corp.example, 10.0.0.0/8 ,' },
      { localDevelopment: false, allowList: ['sap.corp.example', '10.0.0.0/8'] },
    ],
  ])('%j', (env, expected) => {
    expect(toEgressConfig(loadConfig('test', schema, env))).toEqual({ localPorts: [], ...expected });
  });

  it('reports every bad variable at once, by name', () => {
    let error: unknown;
    try {
      loadConfig('test', schema, {
        FERRY_EGRESS_LOCAL_DEVELOPMENT: 'yes',
        FERRY_EGRESS_ALLOW: '10.0.0.0/40',
        FERRY_EGRESS_LOCAL_PORTS: '80,99999',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('FERRY_EGRESS_LOCAL_DEVELOPMENT: must be true or false');
    expect((error as ConfigError).message).toContain('FERRY_EGRESS_ALLOW: "10.0.0.0/40" has a prefix outside 0–32');
    expect((error as ConfigError).message).toContain('FERRY_EGRESS_LOCAL_PORTS: "99999" is not a TCP port (1–65535)');
  });
});
