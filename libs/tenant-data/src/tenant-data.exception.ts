import { HttpException } from '@nestjs/common';

/** Every error code the tenant export and erasure endpoints answer with; each has one HTTP status (httpStatusOf). */
export type TenantDataErrorCode = 'TENANT_NOT_SUSPENDED' | 'UNKNOWN_TENANT_TABLE';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: TenantDataErrorCode): 404 | 409 {
  switch (code) {
    case 'TENANT_NOT_SUSPENDED':
      return 409;
    case 'UNKNOWN_TENANT_TABLE':
      return 404;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`tenant data error code ${String(code)} has no HTTP status`);
}

/** A refused export or erasure in Ferry's one error shape, its status decided by its code. */
export class TenantDataException extends HttpException {
  constructor(
    readonly code: TenantDataErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
