import { HttpException } from '@nestjs/common';

/** Every error code reconciliation's HTTP API answers with; each has one HTTP status, decided by httpStatusOf. */
export type ReconciliationErrorCode = 'TENANT_NOT_CONFIGURED' | 'RUN_NOT_FOUND' | 'INVALID_RUN_REQUEST';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: ReconciliationErrorCode): 400 | 404 {
  switch (code) {
    case 'INVALID_RUN_REQUEST':
      return 400;
    case 'TENANT_NOT_CONFIGURED':
    case 'RUN_NOT_FOUND':
      return 404;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`reconciliation error code ${String(code)} has no HTTP status`);
}

/** A reconciliation API failure in Ferry's one error shape, its status decided by its code. */
export class ReconciliationException extends HttpException {
  constructor(
    readonly code: ReconciliationErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
