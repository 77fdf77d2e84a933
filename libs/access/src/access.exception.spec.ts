import { AccessDeniedException, httpStatusOf, type AccessErrorCode } from './access.exception';

describe('access error codes', () => {
  it.each<[AccessErrorCode, number]>([
    ['UNAUTHENTICATED', 401],
    ['OPERATOR_ONLY', 403],
    ['WRONG_TENANT', 403],
    ['MISSING_SCOPE', 403],
    ['NO_ACCESS_RULE', 403],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape', () => {
    const error = new AccessDeniedException('MISSING_SCOPE', 'this API key lacks the "admin" scope');
    expect({ status: error.getStatus(), body: error.getResponse() }).toEqual({
      status: 403,
      body: { error: { status: 403, code: 'MISSING_SCOPE', message: 'this API key lacks the "admin" scope' } },
    });
  });
});
