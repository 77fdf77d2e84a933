import { isDatabaseUnavailable } from './database-errors';

describe('isDatabaseUnavailable', () => {
  it('waits out lost connections and shutdowns, but not bad data', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '40001' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '23505' })).toBe(false);
  });
});
