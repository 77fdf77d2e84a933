import { ReconciliationException, httpStatusOf, type ReconciliationErrorCode } from './reconciliation.exception';

describe('reconciliation error codes', () => {
  it.each<[ReconciliationErrorCode, number]>([
    ['TENANT_NOT_CONFIGURED', 404],
    ['RUN_NOT_FOUND', 404],
    ['INVALID_RUN_REQUEST', 400],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape', () => {
    expect(new ReconciliationException('RUN_NOT_FOUND', 'no reconciliation run r-1 for tenant acme').getResponse()).toEqual({
      error: { status: 404, code: 'RUN_NOT_FOUND', message: 'no reconciliation run r-1 for tenant acme' },
    });
  });
});
