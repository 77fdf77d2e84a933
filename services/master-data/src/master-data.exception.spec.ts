import { MasterDataException, httpStatusOf, type MasterDataErrorCode } from './master-data.exception';

describe('master-data error codes', () => {
  it.each<[MasterDataErrorCode, number]>([
    ['GOLDEN_RECORD_NOT_FOUND', 404],
    ['REVIEW_NOT_FOUND', 404],
    ['REVIEW_ALREADY_DECIDED', 409],
    ['MATCHING_CONSTRAINT_CONFLICT', 409],
    ['INVALID_SPLIT', 400],
  ])('%s is answered %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('answers in the one error shape', () => {
    expect(new MasterDataException('REVIEW_NOT_FOUND', 'no review r-1 for tenant acme').getResponse()).toEqual({
      error: { status: 404, code: 'REVIEW_NOT_FOUND', message: 'no review r-1 for tenant acme' },
    });
  });
});
