import { HttpException } from '@nestjs/common';

/** Every error code inbound-sync's own HTTP API (the ERP webhook) answers with; each has one HTTP status. */
export type InboundSyncErrorCode = 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_REQUEST';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: InboundSyncErrorCode): 400 | 401 | 413 | 415 {
  switch (code) {
    case 'INVALID_REQUEST':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`inbound-sync error code ${String(code)} has no HTTP status`);
}

/** An inbound-sync API failure in Ferry's one error shape, its status decided by its code. */
export class InboundSyncException extends HttpException {
  constructor(
    readonly code: InboundSyncErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
