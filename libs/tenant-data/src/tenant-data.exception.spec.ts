import { TenantDataException, httpStatusOf, type TenantDataErrorCode } from './tenant-data.exception';

describe('tenant data error codes', () => {
  it.each<[TenantDataErrorCode, number]>([
    ['TENANT_NOT_SUSPENDED', 409],
    ['UNKNOWN_TENANT_TABLE', 404],
  ])("%s answers %i in Ferry's error shape", (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
    const exception = new TenantDataException(code, 'why');
    expect(exception.getStatus()).toBe(status);
    expect(exception.getResponse()).toEqual({ error: { status, code, message: 'why' } });
  });
});
