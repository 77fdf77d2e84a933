import { readFileSync } from 'node:fs';
import { CLASS_REMEDIATIONS, REMEDIATIONS, remediationOf, type KnownErrorCode } from './remediation';

const controlPlanePaths = Object.keys(
  (JSON.parse(readFileSync('services/control-plane/openapi.json', 'utf8')) as { paths: Record<string, unknown> }).paths,
);

describe('guided remediation: every code of the error-code unions', () => {
  // REMEDIATIONS is a Record over MappingErrorCode | Uppercase<ErpErrorClass> | PipelineErrorCode: the compiler
  // refuses a code without guidance; these rows hold each one to being usable guidance.
  it.each(Object.entries(REMEDIATIONS))('%s has a meaning, next steps and links that exist', (_code, remediation) => {
    expect(remediation.meaning.length).toBeGreaterThan(20);
    expect(remediation.nextSteps.length).toBeGreaterThan(0);
    for (const step of remediation.nextSteps) expect(step.length).toBeGreaterThan(10);
    for (const link of remediation.links) if (link.kind === 'api') expect(controlPlanePaths).toContain(link.path);
    // A replay that cannot help is never offered as the way out.
    if (remediation.replay === 'no') expect(remediation.nextSteps.join(' ')).not.toMatch(/^replay/i);
  });

  it.each(Object.entries(CLASS_REMEDIATIONS))('class %s has guidance', (_class, remediation) => {
    expect(remediation.nextSteps.length).toBeGreaterThan(0);
  });

  it.each<[string, KnownErrorCode, RegExp, string[], string]>([
    // Mapping errors: the failing field and a link to preview and edit the mapping, then replay.
    [
      'mapping',
      'MAPPING_FAILED',
      /failing field/,
      ['POST /v1/tenants/{tenantId}/preview', 'PUT /v1/tenants/{tenantId}/mappings/{entityType}'],
      'after-fix',
    ],
    [
      'mapping',
      'EXPRESSION_TIMEOUT',
      /Preview the mapping/,
      ['POST /v1/tenants/{tenantId}/preview', 'PUT /v1/tenants/{tenantId}/mappings/{entityType}'],
      'after-fix',
    ],
    // Revoked credentials: how to reconnect, and resume the parked lane.
    [
      'auth_revoked',
      'AUTH_REVOKED',
      /new credentials[\s\S]*Resume the parked lane/,
      ['PUT /v1/tenants/{tenantId}/connections/{connectionId}', 'console connections'],
      'after-fix',
    ],
    ['retryable', 'ERP_UNAVAILABLE', /ERP answers again, replay/, ['console connections'], 'yes'],
    ['infrastructure', 'DATABASE_UNAVAILABLE', /platform health/i, ['console platform-health'], 'yes'],
    ['malformed', 'MALFORMED_MESSAGE', /Fix the sender/, [], 'no'],
    ['permanent', 'STALE_VERSION', /resolve this dead letter/, ['console trace'], 'no'],
    ['rule', 'RULE_REJECTED', /resolve this dead letter/, ['POST /v1/tenants/{tenantId}/preview'], 'after-fix'],
  ])('%s/%s → steps %s, links %j, replay %s', (errorClass, code, steps, links, replay) => {
    const remediation = remediationOf(errorClass, code);
    expect(remediation.matchedBy).toBe('code');
    expect(remediation.nextSteps.join('\n')).toMatch(steps);
    expect(remediation.links.map((link) => (link.kind === 'api' ? `${link.method} ${link.path}` : `console ${link.view}`))).toEqual(links);
    expect(remediation.replay).toBe(replay);
  });

  it.each([
    // An ERP's own code falls back to its class.
    ['validation', 'INVALID_FLD_VALUE', 'class', 'after-fix', /ERP refused the record/],
    ['auth_revoked', 'INVALID_LOGIN_CREDENTIALS', 'class', 'after-fix', /credentials/],
    ['throttled', 'SSS_REQUEST_LIMIT_EXCEEDED', 'class', 'yes', /slow down/],
    ['mapping', 'SOMETHING_NEW', 'class', 'after-fix', /mapping/],
    ['brand-new-class', 'BRAND_NEW', 'none', 'after-fix', /no guidance/],
    // The code wins over the class.
    ['permanent', 'VALIDATION_FAILED', 'code', 'after-fix', /Ferry's checks/],
  ])('%s/%s → matched by %s, replay %s', (errorClass, code, matchedBy, replay, meaning) => {
    const remediation = remediationOf(errorClass, code);
    expect(remediation).toMatchObject({ matchedBy, replay });
    expect(remediation.meaning).toMatch(meaning);
  });

  it('does not treat inherited object keys as codes', () => {
    expect(remediationOf('x', 'toString').matchedBy).toBe('none');
    expect(remediationOf('constructor', 'x').matchedBy).toBe('none');
  });
});
