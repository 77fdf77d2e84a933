import { HttpException } from '@nestjs/common';

/** Every reason a caller is refused; each has one HTTP status, decided by httpStatusOf. */
export type AccessErrorCode = 'UNAUTHENTICATED' | 'OPERATOR_ONLY' | 'OPERATOR_ROLE' | 'WRONG_TENANT' | 'MISSING_SCOPE' | 'NO_ACCESS_RULE';

/** The HTTP status of a refusal: 401 when the caller is unknown, 403 when known but not allowed. Exhaustive. */
export function httpStatusOf(code: AccessErrorCode): 401 | 403 {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'OPERATOR_ONLY':
    case 'OPERATOR_ROLE':
    case 'WRONG_TENANT':
    case 'MISSING_SCOPE':
    case 'NO_ACCESS_RULE':
      return 403;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`access error code ${String(code)} has no HTTP status`);
}

/** A refused request in Ferry's one error shape, its status decided by its code. */
export class AccessDeniedException extends HttpException {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
