import { InboundSyncException, httpStatusOf, type InboundSyncErrorCode } from './inbound-sync.exception';

describe('inbound-sync error codes', () => {
  it.each<[InboundSyncErrorCode, number]>([
    ['INVALID_REQUEST', 400],
    ['UNAUTHENTICATED', 401],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
  ])('%s answers %i in Ferry’s error shape', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
    const exception = new InboundSyncException(code, 'why');
    expect(exception.getStatus()).toBe(status);
    expect(exception.getResponse()).toEqual({ error: { status, code, message: 'why' } });
  });
});
