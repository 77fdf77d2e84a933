import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Subjects, Topics, type GoldenCustomer } from '@ferry/contracts';
import { OperatorAuditRepository } from '@ferry/database';
import { EventProducer } from '@ferry/kafka';
import { counter } from '@ferry/metrics';
import { recordKey, type MatchOutcome, type PairExplanation, type TenantMatcher } from '@ferry/matching';
import type { SourceCustomer } from '../customers/customer-record-mapping';
import { clusterChangesOf, orderedPair, type ClusterChanges, type KeyPair } from './cluster-changes';
import { activeGoldenCustomer, goldenCustomerKey, mergedGoldenCustomer } from './golden-customer-message';
import { GoldenRecordRepository, type StoredReview, type StoredSourceRecord } from './golden-record.repository';
import { TenantMatchers } from './tenant-matchers';

const stewardActions = counter('ferry_master_data_steward_actions_total', "Stewards' review decisions and splits", ['tenant_id', 'action']);

/** What placing one source record did. */
export interface PlacedRecord {
  outcome: 'stale' | MatchOutcome['decision'];
  goldenId: string | null;
  published: GoldenCustomer[];
}

/** A golden customer with its lineage and the source records it was matched from, as stored. */
export interface GoldenCustomerView {
  requestedGoldenId: string;
  goldenCustomer: GoldenCustomer;
  sourceRecords: StoredSourceRecord[];
}

export interface ReviewView extends StoredReview {
  left: StoredSourceRecord | null;
  right: StoredSourceRecord | null;
  /** The field-by-field comparison: both values, the level and the weight of each. */
  comparison: PairExplanation;
}

/** A steward's change, for the audit trail. */
export interface StewardAct {
  tenantId: string;
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
}

/**
 * Golden records of every tenant: places each source record with the tenant's matcher, stores what changed in one
 * transaction (source record, golden ids, merges, links, reviews, audit) and publishes every changed golden
 * record on the compacted golden-customers topic. The consumer's transaction makes the publications commit with
 * the consumed offset; a steward's change publishes after its database transaction committed.
 */
@Injectable()
export class GoldenRecordsService {
  constructor(
    private readonly matchers: TenantMatchers,
    private readonly repository: GoldenRecordRepository,
    private readonly audit: OperatorAuditRepository,
    private readonly producer: EventProducer,
  ) {}

  /** Places one source customer: an older version than the one held changes nothing. */
  async place(customer: SourceCustomer): Promise<PlacedRecord> {
    const { tenantId } = customer;
    const key = recordKey(customer.record);
    const published = await this.matchers.withTenant(tenantId, async (matcher) => {
      const held = await this.repository.entityVersionOf(tenantId, key);
      if (held !== undefined && customer.entityVersion < held) return undefined;
      const outcome = matcher.upsert(customer.record);
      // An unchanged record (a redelivery) publishes its golden record again: the same state, in case the first
      // delivery stored it but did not get to publish it.
      const changes =
        outcome.decision === 'unchanged' ? { ...clusterChangesOf([]), goldenIds: [outcome.goldenId] } : clusterChangesOf(outcome.events);
      const messages = await this.repository.inTransaction(async (tx) => {
        await this.repository.saveSourceRecord(tx, tenantId, {
          recordKey: key,
          source: customer.record.source,
          recordId: customer.record.id,
          entityVersion: customer.entityVersion,
          record: customer.record,
          goldenId: outcome.goldenId,
        });
        const stored = await this.store(tx, matcher, changes, 'matching');
        await this.repository.queueReviews(
          tx,
          tenantId,
          outcome.reviews.map((review) => ({
            reviewId: randomUUID(),
            pair: orderedPair(key, review.recordKey),
            probability: review.probability,
            weight: review.weight,
          })),
        );
        return stored;
      });
      await this.publish(messages);
      return { outcome: outcome.decision, goldenId: outcome.goldenId, messages };
    });
    return published
      ? { outcome: published.outcome, goldenId: published.goldenId, published: published.messages }
      : { outcome: 'stale', goldenId: null, published: [] };
  }

  /** Runs a steward's operation on the matcher, stores its changes with the audit entry, then publishes. */
  async stewardChange<T>(
    act: StewardAct,
    operate: (matcher: TenantMatcher) => { events: Parameters<typeof clusterChangesOf>[0]; result: T },
    alsoInTransaction: (tx: EntityManager) => Promise<void> = async () => undefined,
  ): Promise<T & { published: GoldenCustomer[] }> {
    return this.matchers.withTenant(act.tenantId, async (matcher) => {
      const { events, result } = operate(matcher);
      const changes = clusterChangesOf(events);
      const messages = await this.repository.inTransaction(async (tx) => {
        const stored = await this.store(tx, matcher, changes, act.actor);
        await alsoInTransaction(tx);
        await this.audit.record(
          {
            tenantId: act.tenantId,
            actor: act.actor,
            action: act.action,
            subject: act.subject,
            before: null,
            after: { events },
            reason: act.reason,
          },
          tx,
        );
        return stored;
      });
      await this.publish(messages);
      stewardActions.inc({ tenant_id: act.tenantId, action: act.action });
      return { ...result, published: messages };
    });
  }

  /** A golden record (a merged-away id answers with the survivor) and its source records as stored. */
  async goldenCustomer(tenantId: string, goldenId: string): Promise<GoldenCustomerView> {
    return this.matchers.withTenant(tenantId, async (matcher) => {
      const golden = matcher.goldenRecord(goldenId);
      const aliases = await this.repository.retiredInto(tenantId, golden.goldenId);
      const sourceRecords = await this.repository.sourceRecordsByKey(tenantId, golden.sourceRecords.map(recordKey));
      return { requestedGoldenId: goldenId, goldenCustomer: activeGoldenCustomer(tenantId, golden, aliases, Date.now()), sourceRecords };
    });
  }

  /** Open reviews, each with both records and their comparison; pairs matching since put together are left out. */
  async openReviews(tenantId: string, limit: number): Promise<ReviewView[]> {
    const reviews = await this.repository.openReviews(tenantId, limit);
    const records = new Map(
      (
        await this.repository.sourceRecordsByKey(
          tenantId,
          reviews.flatMap((r) => [r.leftKey, r.rightKey]),
        )
      ).map((s) => [s.recordKey, s]),
    );
    return this.matchers.withTenant(tenantId, async (matcher) =>
      reviews
        .filter((review) => matcher.goldenIdOf(review.leftKey) !== matcher.goldenIdOf(review.rightKey))
        .map((review) => ({
          ...review,
          left: records.get(review.leftKey) ?? null,
          right: records.get(review.rightKey) ?? null,
          comparison: matcher.explain(review.leftKey, review.rightKey),
        })),
    );
  }

  review(tenantId: string, reviewId: string): Promise<StoredReview | undefined> {
    return this.repository.review(tenantId, reviewId);
  }

  decideReview(tx: EntityManager, review: StoredReview, status: 'merged' | 'kept_apart', actor: string): Promise<boolean> {
    return this.repository.decideReview(tx, review.tenantId, review.reviewId, status, actor);
  }

  /** Stores one operation's changes; answers the golden-customer records to publish. */
  private async store(tx: EntityManager, matcher: TenantMatcher, changes: ClusterChanges, actor: string): Promise<GoldenCustomer[]> {
    const tenantId = matcher.tenantId;
    const now = Date.now();
    const messages: GoldenCustomer[] = [];
    await this.repository.ensureGoldenRecords(tx, tenantId, changes.goldenIds);
    for (const { retired, survivor } of changes.retired) {
      await this.repository.retire(tx, tenantId, retired, survivor);
      messages.push(mergedGoldenCustomer(tenantId, retired, survivor, now));
    }
    for (const split of changes.splits) {
      const moved = new Set(split.recordKeys);
      const staying = matcher
        .goldenRecord(split.goldenId)
        .sourceRecords.map(recordKey)
        .filter((key) => !moved.has(key));
      const across: KeyPair[] = split.recordKeys.flatMap((a) => staying.map((b) => orderedPair(a, b)));
      await this.repository.removeLinks(tx, tenantId, 'must', across);
      await this.repository.addLinks(tx, tenantId, 'cannot', across, actor);
    }
    await this.repository.addLinks(tx, tenantId, 'must', changes.mustLinks, actor);
    await this.repository.addLinks(tx, tenantId, 'cannot', changes.cannotLinks, actor);
    for (const goldenId of changes.goldenIds) {
      const golden = matcher.goldenRecord(goldenId);
      const aliases = await this.repository.retiredInto(tenantId, golden.goldenId, tx);
      const message = activeGoldenCustomer(tenantId, golden, aliases, now);
      await this.repository.saveGoldenRecord(tx, tenantId, golden.goldenId, golden.sourceRecords.map(recordKey), message);
      messages.push(message);
    }
    return messages;
  }

  private async publish(messages: readonly GoldenCustomer[]): Promise<void> {
    await this.producer.publish(
      messages.map((value) => ({
        topic: Topics.goldenCustomers,
        key: goldenCustomerKey(value.tenantId, value.goldenId),
        subject: Subjects.GoldenCustomer,
        value,
      })),
    );
  }
}
