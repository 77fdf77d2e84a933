import { HttpException } from '@nestjs/common';

/** Every error code observability's HTTP API answers with; each has one HTTP status, decided by httpStatusOf. */
export type ObservabilityErrorCode =
  | 'INVALID_QUERY'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'STREAM_TOKEN_INVALID'
  | 'TOO_MANY_STREAMS'
  | 'EXCEPTION_GROUP_NOT_FOUND'
  | 'EXCEPTION_ALREADY_RESOLVED';

/** Why a dead letter is not replayed (in the replay answer's `reason`, before the message). */
export type ReplayRefusalCode = 'ALREADY_REPLAYED' | 'REPLAY_LIMIT' | 'NOTHING_TO_REPLAY' | 'NOT_REPLAYABLE' | 'UNREADABLE';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: ObservabilityErrorCode): 400 | 401 | 404 | 409 | 429 {
  switch (code) {
    case 'INVALID_QUERY':
      return 400;
    case 'DEAD_LETTER_NOT_FOUND':
    case 'EXCEPTION_GROUP_NOT_FOUND':
      return 404;
    case 'STREAM_TOKEN_INVALID':
      return 401;
    case 'EXCEPTION_ALREADY_RESOLVED':
      return 409;
    case 'TOO_MANY_STREAMS':
      return 429;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`observability error code ${String(code)} has no HTTP status`);
}

/** An observability API failure in Ferry's one error shape, its status decided by its code. */
export class ObservabilityException extends HttpException {
  constructor(
    readonly code: ObservabilityErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
