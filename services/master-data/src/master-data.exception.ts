import { HttpException } from '@nestjs/common';

/** Every error code master-data's HTTP API answers with; each has one HTTP status, decided by httpStatusOf. */
export type MasterDataErrorCode =
  'GOLDEN_RECORD_NOT_FOUND' | 'REVIEW_NOT_FOUND' | 'REVIEW_ALREADY_DECIDED' | 'MATCHING_CONSTRAINT_CONFLICT' | 'INVALID_SPLIT';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: MasterDataErrorCode): 400 | 404 | 409 {
  switch (code) {
    case 'GOLDEN_RECORD_NOT_FOUND':
    case 'REVIEW_NOT_FOUND':
      return 404;
    case 'REVIEW_ALREADY_DECIDED':
    case 'MATCHING_CONSTRAINT_CONFLICT':
      return 409;
    case 'INVALID_SPLIT':
      return 400;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`master-data error code ${String(code)} has no HTTP status`);
}

/** A master-data API failure in Ferry's one error shape, its status decided by its code. */
export class MasterDataException extends HttpException {
  constructor(
    readonly code: MasterDataErrorCode,
    message: string,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message } }, status);
  }
}
