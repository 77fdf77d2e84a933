import { ObservabilityException, httpStatusOf, type ObservabilityErrorCode } from './observability.exception';

describe('observability error codes', () => {
  it.each<[ObservabilityErrorCode, number]>([
    ['INVALID_QUERY', 400],
    ['DEAD_LETTER_NOT_FOUND', 404],
    ['STREAM_TOKEN_INVALID', 401],
    ['TOO_MANY_STREAMS', 429],
    ['EXCEPTION_GROUP_NOT_FOUND', 404],
    ['EXCEPTION_ALREADY_RESOLVED', 409],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape', () => {
    const error = new ObservabilityException('INVALID_QUERY', 'limit must be an integer from 1 to 500');
    expect({ status: error.getStatus(), body: error.getResponse() }).toEqual({
      status: 400,
      body: { error: { status: 400, code: 'INVALID_QUERY', message: 'limit must be an integer from 1 to 500' } },
    });
  });
});
