import { IngestionException, httpStatusOf, type IngestionErrorCode } from './ingestion.exception';

describe('ingestion error codes', () => {
  it.each<[IngestionErrorCode, number]>([
    ['INVALID_BATCH', 400],
    ['BATCH_TOO_LARGE', 400],
    ['INVALID_EVENTS', 400],
    ['INVALID_IDEMPOTENCY_KEY', 400],
    ['IDEMPOTENCY_REQUEST_IN_PROGRESS', 409],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['RATE_LIMITED', 429],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape, with details only when there are some', () => {
    expect(new IngestionException('BATCH_TOO_LARGE', 'at most 500').getResponse()).toEqual({
      error: { status: 400, code: 'BATCH_TOO_LARGE', message: 'at most 500' },
    });
    expect(new IngestionException('INVALID_EVENTS', '1 of 2 events are invalid', [{ index: 1 }]).getResponse()).toEqual({
      error: { status: 400, code: 'INVALID_EVENTS', message: '1 of 2 events are invalid', details: [{ index: 1 }] },
    });
  });
});
