import { Injectable } from '@nestjs/common';
import type { GoldenCustomer } from '@ferry/contracts';
import { MatchingError } from '@ferry/matching';
import { GoldenRecordsService, type GoldenCustomerView, type ReviewView } from '../golden-records/golden-records.service';
import type { StoredReview } from '../golden-records/golden-record.repository';
import { MasterDataException } from '../master-data.exception';
import { reviewAction, type ReviewDecision } from './review-decision';
import { stewardErrorOf } from './steward-errors';

export interface DecidedReview {
  review: StoredReview;
  published: GoldenCustomer[];
}

/** A steward's reads and decisions, each write audited with the acting operator or key. */
@Injectable()
export class StewardService {
  constructor(private readonly goldenRecords: GoldenRecordsService) {}

  goldenCustomer(tenantId: string, goldenId: string): Promise<GoldenCustomerView> {
    return refusals(() => this.goldenRecords.goldenCustomer(tenantId, goldenId));
  }

  openReviews(tenantId: string, limit: number): Promise<ReviewView[]> {
    return this.goldenRecords.openReviews(tenantId, limit);
  }

  async decide(tenantId: string, reviewId: string, decision: ReviewDecision, actor: string, reason: string | null): Promise<DecidedReview> {
    const review = await this.goldenRecords.review(tenantId, reviewId);
    if (!review) throw new MasterDataException('REVIEW_NOT_FOUND', `no match review ${reviewId} for tenant ${tenantId}`);
    const { published } = await refusals(() =>
      this.goldenRecords.stewardChange(
        { tenantId, actor, action: `match-review.${decision}`, subject: `review:${reviewId} ${review.leftKey} ${review.rightKey}`, reason },
        (matcher) => {
          const together = matcher.goldenIdOf(review.leftKey) === matcher.goldenIdOf(review.rightKey);
          const action = reviewAction(review.status, decision, together);
          if (action.kind === 'refuse') throw new MasterDataException(action.code, action.message);
          const events =
            action.kind === 'mustLink'
              ? matcher.mustLink(review.leftKey, review.rightKey, actor)
              : matcher.cannotLink(review.leftKey, review.rightKey, actor);
          return { events, result: { status: action.status } };
        },
        async (tx) => {
          const decided = await this.goldenRecords.decideReview(tx, review, decision === 'merge' ? 'merged' : 'kept_apart', actor);
          if (!decided) throw new MasterDataException('REVIEW_ALREADY_DECIDED', `match review ${reviewId} was decided meanwhile`);
        },
      ),
    );
    return { review: (await this.goldenRecords.review(tenantId, reviewId)) ?? review, published };
  }

  async split(
    tenantId: string,
    goldenId: string,
    recordKeys: string[],
    actor: string,
    reason: string | null,
  ): Promise<{ goldenId: string; newGoldenId: string; published: GoldenCustomer[] }> {
    return refusals(() =>
      this.goldenRecords.stewardChange(
        { tenantId, actor, action: 'golden-customer.split', subject: `golden:${goldenId} ${recordKeys.join(',')}`, reason },
        (matcher) => {
          const events = matcher.split(goldenId, recordKeys, actor);
          const split = events.find((event) => event.type === 'split');
          const newGoldenId = split?.type === 'split' ? split.newGoldenId : '';
          return { events, result: { goldenId: matcher.goldenRecord(goldenId).goldenId, newGoldenId } };
        },
      ),
    );
  }
}

/** A refused matching operation answered as an API error; anything else as it is. */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MatchingError) throw new MasterDataException(stewardErrorOf(error.code), error.message);
    throw error;
  }
}
