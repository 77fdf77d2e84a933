import { SchemaCatalog } from '@ferry/contracts';
import { parseBody } from '@ferry/platform';
import { configurationProblems } from './effective-configuration';
import { policiesInput, type TenantSpec } from './tenant-spec';

/** The 400 a request gets, or undefined when it is accepted. */
function rejection(body: unknown): string | undefined {
  try {
    parseBody(policiesInput, body);
    return undefined;
  } catch (error) {
    return (error as { getResponse(): { error: { message: string } } }).getResponse().error.message;
  }
}

describe('upper bounds on the numbers a tenant admin sets', () => {
  it.each([
    ['retry.baseDelayMs', { retry: { baseDelayMs: 2_000_000_000 } }, /retry\.baseDelayMs: .*60000/],
    ['retry.maxDelayMs', { retry: { maxDelayMs: 10 ** 12 } }, /retry\.maxDelayMs: .*3600000/],
    ['retry.baseDelayMs above retry.maxDelayMs', { retry: { baseDelayMs: 50_000, maxDelayMs: 1000 } }, /retry\.baseDelayMs: .*maxDelayMs/],
    ['circuitBreaker.volumeThreshold', { circuitBreaker: { volumeThreshold: 10 ** 9 } }, /circuitBreaker\.volumeThreshold: .*1000/],
    ['circuitBreaker.resetTimeoutMs', { circuitBreaker: { resetTimeoutMs: 10 ** 12 } }, /circuitBreaker\.resetTimeoutMs: .*3600000/],
    ['batchWindowSeconds', { batchWindowSeconds: 86_400 }, /batchWindowSeconds: .*3600/],
    ['requestsPerSecond', { requestsPerSecond: 100_000 }, /requestsPerSecond: .*10000/],
    ['maxConcurrency', { maxConcurrency: 5000 }, /maxConcurrency: .*1000/],
  ])('refuses %s beyond its limit, naming the field and the limit', (_field, body, message) => {
    expect(rejection(body)).toMatch(message);
  });

  it('accepts values at the limits', () => {
    expect(
      rejection({
        retry: { maxAttempts: 50, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
        circuitBreaker: { volumeThreshold: 1000, resetTimeoutMs: 3_600_000 },
        batchWindowSeconds: 3600,
        requestsPerSecond: 10_000,
        maxConcurrency: 1000,
      }),
    ).toBeUndefined();
  });

  const csvTenant = (settings: Record<string, string>): TenantSpec => ({
    tenantId: 'acme',
    displayName: 'Acme',
    active: true,
    template: { name: 'csv-sftp', version: 1 },
    connections: [
      {
        connectionId: 'legacy',
        erpKind: 'csv_sftp',
        baseUrl: 'sftp://partner.example',
        authKind: 'ssh_key',
        settings: { username: 'partner', hostKeyFingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU', ...settings },
        sealedCredentials: 'sealed',
        credentialFields: ['privateKeyPem'],
      },
    ],
    mappingOverrides: {},
    rules: [],
    policies: null,
  });
  const settingProblems = (settings: Record<string, string>) =>
    configurationProblems(csvTenant(settings), SchemaCatalog.load().canonicalEvents()).map(
      (problem) => `${problem.path}: ${problem.message}`,
    );

  it.each([
    ['maxBatchRecords', { maxBatchRecords: '100000000' }, /connections\.legacy\.settings\.maxBatchRecords: .*10000/],
    ['batchWindowSeconds', { batchWindowSeconds: '999999' }, /connections\.legacy\.settings\.batchWindowSeconds: .*3600/],
    ['ackTimeoutSeconds', { ackTimeoutSeconds: '1e9' }, /connections\.legacy\.settings\.ackTimeoutSeconds: .*3600/],
    ['a setting that is not a number', { ackTimeoutSeconds: 'soon' }, /connections\.legacy\.settings\.ackTimeoutSeconds: .*number/],
    ['port', { port: '70000' }, /connections\.legacy\.settings\.port: .*65535/],
  ])('refuses a connection whose %s is out of bounds', (_setting, settings, message) => {
    expect(settingProblems(settings)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('accepts connection settings within bounds', () => {
    expect(settingProblems({ maxBatchRecords: '10000', batchWindowSeconds: '0.3', ackTimeoutSeconds: '3600', port: '22' })).toEqual([]);
  });
});

describe('policies: exceptionRouting is not acted on yet, systemOfRecord is', () => {
  it.each([['exceptionRouting set', { exceptionRouting: 'support@acme.example' }, /exceptionRouting: not supported yet/]])(
    'refuses %s instead of accepting and ignoring it',
    (_case, body, message) => {
      expect(rejection(body)).toMatch(message);
    },
  );

  it.each([
    ['left out', {}],
    ['at their defaults', { exceptionRouting: null, systemOfRecord: {} }],
    ['with a system of record (its keys and owners are checked against the configuration)', { systemOfRecord: { customer: 'ns' } }],
  ])('accepts them %s', (_case, body) => {
    expect(rejection(body)).toBeUndefined();
  });
});
