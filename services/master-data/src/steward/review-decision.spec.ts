import type { ReviewStatus } from '../golden-records/golden-record.repository';
import { reviewAction, type ReviewAction, type ReviewDecision } from './review-decision';

describe("a steward's review decision", () => {
  it.each<[ReviewStatus, ReviewDecision, boolean, ReviewAction['kind'], string | null]>([
    ['open', 'merge', false, 'mustLink', null],
    ['open', 'merge', true, 'mustLink', null],
    ['open', 'keepApart', false, 'cannotLink', null],
    ['open', 'keepApart', true, 'refuse', 'MATCHING_CONSTRAINT_CONFLICT'],
    ['merged', 'merge', true, 'refuse', 'REVIEW_ALREADY_DECIDED'],
    ['merged', 'keepApart', true, 'refuse', 'REVIEW_ALREADY_DECIDED'],
    ['kept_apart', 'merge', false, 'refuse', 'REVIEW_ALREADY_DECIDED'],
  ])('review %s, decision %s, already in one golden record %s → %s %s', (status, decision, together, kind, code) => {
    const action = reviewAction(status, decision, together);
    expect(action.kind).toBe(kind);
    if (action.kind === 'refuse') expect(action.code).toBe(code);
  });

  it('records the decision as the review status', () => {
    expect(reviewAction('open', 'merge', false)).toEqual({ kind: 'mustLink', status: 'merged' });
    expect(reviewAction('open', 'keepApart', false)).toEqual({ kind: 'cannotLink', status: 'kept_apart' });
  });
});
