import type { MatchingErrorCode } from '@ferry/matching';
import type { MasterDataErrorCode } from '../master-data.exception';

/** The API error a refused matching operation is answered with. */
export function stewardErrorOf(code: MatchingErrorCode): MasterDataErrorCode {
  switch (code) {
    case 'unknown-golden-id':
      return 'GOLDEN_RECORD_NOT_FOUND';
    case 'not-a-member':
    case 'invalid-split':
    case 'unknown-record':
      return 'INVALID_SPLIT';
    case 'cannot-link':
    case 'constraint-conflict':
    case 'already-clustered':
    case 'not-empty':
    case 'invalid-record':
    case 'invalid-tenant':
      return 'MATCHING_CONSTRAINT_CONFLICT';
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`matching error code ${String(code)} has no API error`);
}
