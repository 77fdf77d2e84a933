import { ControlPlaneException, httpStatusOf, type ControlPlaneErrorCode } from './control-plane.exception';

describe('control-plane error codes', () => {
  it.each<[ControlPlaneErrorCode, number]>([
    ['INVALID_CONFIGURATION', 400],
    ['INVALID_NAME', 400],
    ['INVALID_EVENT', 400],
    ['INVALID_SCHEMA', 400],
    ['CREDENTIALS_REQUIRED', 400],
    ['UNKNOWN_TEMPLATE', 400],
    ['UNKNOWN_TEMPLATE_VERSION', 400],
    ['UNKNOWN_ENTITY_TYPE', 400],
    ['NOT_A_CANONICAL_SUBJECT', 400],
    ['SUSPENSION_OPERATOR_ONLY', 403],
    ['TENANT_NOT_FOUND', 404],
    ['VERSION_NOT_FOUND', 404],
    ['CONNECTION_NOT_FOUND', 404],
    ['RULE_NOT_FOUND', 404],
    ['TEMPLATE_NOT_FOUND', 404],
    ['API_KEY_NOT_FOUND', 404],
    ['TENANT_EXISTS', 409],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape, with details only when there are some', () => {
    const bare = new ControlPlaneException('TENANT_NOT_FOUND', 'no tenant acme');
    expect({ status: bare.getStatus(), body: bare.getResponse() }).toEqual({
      status: 404,
      body: { error: { status: 404, code: 'TENANT_NOT_FOUND', message: 'no tenant acme' } },
    });
    const detailed = new ControlPlaneException('INVALID_EVENT', 'not a canonical event', [{ field: 'envelope' }]);
    expect(detailed.getResponse()).toEqual({
      error: { status: 400, code: 'INVALID_EVENT', message: 'not a canonical event', details: [{ field: 'envelope' }] },
    });
  });
});
