import type { MatchingErrorCode } from '@ferry/matching';
import type { MasterDataErrorCode } from '../master-data.exception';
import { stewardErrorOf } from './steward-errors';

describe('refused matching operations as API errors', () => {
  it.each<[MatchingErrorCode, MasterDataErrorCode]>([
    ['unknown-golden-id', 'GOLDEN_RECORD_NOT_FOUND'],
    ['not-a-member', 'INVALID_SPLIT'],
    ['invalid-split', 'INVALID_SPLIT'],
    ['unknown-record', 'INVALID_SPLIT'],
    ['cannot-link', 'MATCHING_CONSTRAINT_CONFLICT'],
    ['constraint-conflict', 'MATCHING_CONSTRAINT_CONFLICT'],
  ])('%s → %s', (code, expected) => {
    expect(stewardErrorOf(code)).toBe(expected);
  });
});
