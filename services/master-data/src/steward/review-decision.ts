import type { MasterDataErrorCode } from '../master-data.exception';
import type { ReviewStatus } from '../golden-records/golden-record.repository';

/** What a steward decides about a pair: the same customer (merge) or two customers (keep apart). */
export type ReviewDecision = 'merge' | 'keepApart';

export type ReviewAction =
  | { kind: 'mustLink'; status: 'merged' }
  | { kind: 'cannotLink'; status: 'kept_apart' }
  | { kind: 'refuse'; code: MasterDataErrorCode; message: string };

/**
 * What a steward's decision on a review does: merge marks the pair must-link (their golden records merge, the
 * older id survives); keep apart marks it cannot-link (matching never puts them together again). A decided review
 * is not decided twice; two records already in one golden record cannot be kept apart without a split.
 */
export function reviewAction(status: ReviewStatus, decision: ReviewDecision, inOneGoldenRecord: boolean): ReviewAction {
  if (status !== 'open') return { kind: 'refuse', code: 'REVIEW_ALREADY_DECIDED', message: `the review was decided already (${status})` };
  switch (decision) {
    case 'merge':
      return { kind: 'mustLink', status: 'merged' };
    case 'keepApart':
      return inOneGoldenRecord
        ? {
            kind: 'refuse',
            code: 'MATCHING_CONSTRAINT_CONFLICT',
            message: 'the two records are in one golden record now; split it to keep them apart',
          }
        : { kind: 'cannotLink', status: 'kept_apart' };
    default:
      return unknownDecision(decision);
  }
}

function unknownDecision(decision: never): never {
  throw new Error(`unknown review decision ${String(decision)}`);
}
