import { HttpException } from '@nestjs/common';

/** Every error code ingestion's HTTP API answers with; each has one HTTP status, decided by httpStatusOf. */
export type IngestionErrorCode =
  | 'INVALID_BATCH'
  | 'BATCH_TOO_LARGE'
  | 'INVALID_EVENTS'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'IDEMPOTENCY_REQUEST_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: IngestionErrorCode): 400 | 409 | 422 | 429 {
  switch (code) {
    case 'INVALID_BATCH':
    case 'BATCH_TOO_LARGE':
    case 'INVALID_EVENTS':
    case 'INVALID_IDEMPOTENCY_KEY':
      return 400;
    case 'IDEMPOTENCY_REQUEST_IN_PROGRESS':
      return 409;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'RATE_LIMITED':
      return 429;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`ingestion error code ${String(code)} has no HTTP status`);
}

/** A refused request in Ferry's one error shape; nothing of it was accepted. */
export class IngestionException extends HttpException {
  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    details?: unknown,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message, ...(details ? { details } : {}) } }, status);
  }
}
