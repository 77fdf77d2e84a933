import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@ferry/database';
import type { CustomerRecordInput } from '@ferry/matching';
import type { KeyPair } from './cluster-changes';

export type Executor = DataSource | EntityManager;

/** A source record as stored: the canonical customer record the matcher was given, its version and golden id. */
export interface StoredSourceRecord {
  recordKey: string;
  source: string;
  recordId: string;
  entityVersion: number;
  record: CustomerRecordInput;
  goldenId: string;
}

export type ReviewStatus = 'open' | 'merged' | 'kept_apart';

export interface StoredReview {
  reviewId: string;
  tenantId: string;
  leftKey: string;
  rightKey: string;
  probability: number;
  weight: number;
  status: ReviewStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

interface ReviewRow {
  review_id: string;
  tenant_id: string;
  left_key: string;
  right_key: string;
  probability: number;
  weight: number;
  status: ReviewStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

const reviewOf = (row: ReviewRow): StoredReview => ({
  reviewId: row.review_id,
  tenantId: row.tenant_id,
  leftKey: row.left_key,
  rightKey: row.right_key,
  probability: Number(row.probability),
  weight: Number(row.weight),
  status: row.status,
  createdAt: row.created_at.toISOString(),
  decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
  decidedBy: row.decided_by,
});

/**
 * Queries only: master-data's source records, golden records (founding order, published state, merges), must-link
 * and cannot-link pairs and the steward's review queue. Writes take the caller's transaction (`inTransaction`).
 */
@Injectable()
export class GoldenRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every source record of a tenant with its golden id, golden records in founding order, records in arrival order. */
  async sourceRecordsOf(tenantId: string): Promise<StoredSourceRecord[]> {
    const rows = await queryRows<{
      record_key: string;
      source: string;
      record_id: string;
      entity_version: string;
      record: CustomerRecordInput;
      golden_id: string;
    }>(
      this.dataSource,
      `SELECT s.record_key, s.source, s.record_id, s.entity_version, s.record, s.golden_id
         FROM source_record s
         LEFT JOIN golden_record g ON g.tenant_id = s.tenant_id AND g.golden_id = s.golden_id
        WHERE s.tenant_id = $1
        ORDER BY g.founded_seq NULLS LAST, s.seq`,
      [tenantId],
    );
    return rows.map((row) => ({
      recordKey: row.record_key,
      source: row.source,
      recordId: row.record_id,
      entityVersion: Number(row.entity_version),
      record: row.record,
      goldenId: row.golden_id,
    }));
  }

  /** The named source records of a tenant (those that exist). */
  async sourceRecordsByKey(tenantId: string, recordKeys: readonly string[]): Promise<StoredSourceRecord[]> {
    const rows = await queryRows<{
      record_key: string;
      source: string;
      record_id: string;
      entity_version: string;
      record: CustomerRecordInput;
      golden_id: string;
    }>(
      this.dataSource,
      `SELECT record_key, source, record_id, entity_version, record, golden_id FROM source_record
        WHERE tenant_id = $1 AND record_key = ANY($2::text[]) ORDER BY seq`,
      [tenantId, [...recordKeys]],
    );
    return rows.map((row) => ({
      recordKey: row.record_key,
      source: row.source,
      recordId: row.record_id,
      entityVersion: Number(row.entity_version),
      record: row.record,
      goldenId: row.golden_id,
    }));
  }

  async entityVersionOf(tenantId: string, recordKey: string): Promise<number | undefined> {
    const [row] = await queryRows<{ entity_version: string }>(
      this.dataSource,
      `SELECT entity_version FROM source_record WHERE tenant_id = $1 AND record_key = $2`,
      [tenantId, recordKey],
    );
    return row ? Number(row.entity_version) : undefined;
  }

  /** Retired golden ids and the id each was merged into (already followed to the live one). */
  async aliasesOf(tenantId: string): Promise<[retired: string, survivor: string][]> {
    const rows = await queryRows<{ golden_id: string; merged_into: string }>(
      this.dataSource,
      `SELECT golden_id, merged_into FROM golden_record WHERE tenant_id = $1 AND merged_into IS NOT NULL`,
      [tenantId],
    );
    return rows.map((row) => [row.golden_id, row.merged_into]);
  }

  async linksOf(tenantId: string): Promise<{ mustLinks: KeyPair[]; cannotLinks: KeyPair[] }> {
    const rows = await queryRows<{ kind: 'must' | 'cannot'; left_key: string; right_key: string }>(
      this.dataSource,
      `SELECT kind, left_key, right_key FROM record_link WHERE tenant_id = $1 ORDER BY created_at, left_key, right_key`,
      [tenantId],
    );
    const pairsOf = (kind: 'must' | 'cannot'): KeyPair[] => rows.filter((r) => r.kind === kind).map((r) => [r.left_key, r.right_key]);
    return { mustLinks: pairsOf('must'), cannotLinks: pairsOf('cannot') };
  }

  async saveSourceRecord(tx: Executor, tenantId: string, stored: StoredSourceRecord): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO source_record (tenant_id, record_key, source, record_id, entity_version, record, golden_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, record_key) DO UPDATE SET
         entity_version = EXCLUDED.entity_version, record = EXCLUDED.record, golden_id = EXCLUDED.golden_id, updated_at = now()`,
      [tenantId, stored.recordKey, stored.source, stored.recordId, stored.entityVersion, JSON.stringify(stored.record), stored.goldenId],
    );
  }

  /** Records golden ids not stored yet, in the order given (their founding order). */
  async ensureGoldenRecords(tx: Executor, tenantId: string, goldenIds: readonly string[]): Promise<void> {
    for (const goldenId of goldenIds) {
      await queryRows(tx, `INSERT INTO golden_record (tenant_id, golden_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [tenantId, goldenId]);
    }
  }

  /** A golden record's members and the state last published for it. */
  async saveGoldenRecord(tx: Executor, tenantId: string, goldenId: string, recordKeys: readonly string[], state: unknown): Promise<void> {
    await queryRows(
      tx,
      `UPDATE source_record SET golden_id = $2 WHERE tenant_id = $1 AND record_key = ANY($3::text[]) AND golden_id <> $2`,
      [tenantId, goldenId, [...recordKeys]],
    );
    await queryRows(
      tx,
      `UPDATE golden_record SET state = $3, merged_into = NULL, updated_at = now() WHERE tenant_id = $1 AND golden_id = $2`,
      [tenantId, goldenId, JSON.stringify(state)],
    );
  }

  /** A merge: the retired id (and every id already merged into it) now points at the survivor. */
  async retire(tx: Executor, tenantId: string, retired: string, survivor: string): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO golden_record (tenant_id, golden_id, merged_into) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, golden_id) DO UPDATE SET merged_into = EXCLUDED.merged_into, state = NULL, updated_at = now()`,
      [tenantId, retired, survivor],
    );
    await queryRows(tx, `UPDATE golden_record SET merged_into = $3, updated_at = now() WHERE tenant_id = $1 AND merged_into = $2`, [
      tenantId,
      retired,
      survivor,
    ]);
  }

  /** Golden ids merged into this one. */
  async retiredInto(tenantId: string, goldenId: string, tx: Executor = this.dataSource): Promise<string[]> {
    const rows = await queryRows<{ golden_id: string }>(
      tx,
      `SELECT golden_id FROM golden_record WHERE tenant_id = $1 AND merged_into = $2 ORDER BY golden_id`,
      [tenantId, goldenId],
    );
    return rows.map((row) => row.golden_id);
  }

  async addLinks(tx: Executor, tenantId: string, kind: 'must' | 'cannot', pairs: readonly KeyPair[], actor: string): Promise<void> {
    if (pairs.length === 0) return;
    await queryRows(
      tx,
      `INSERT INTO record_link (tenant_id, kind, left_key, right_key, actor)
       SELECT $1, $2, l, r, $5 FROM unnest($3::text[], $4::text[]) AS p(l, r)
       ON CONFLICT DO NOTHING`,
      [tenantId, kind, pairs.map(([l]) => l), pairs.map(([, r]) => r), actor],
    );
  }

  async removeLinks(tx: Executor, tenantId: string, kind: 'must' | 'cannot', pairs: readonly KeyPair[]): Promise<void> {
    if (pairs.length === 0) return;
    await queryRows(
      tx,
      `DELETE FROM record_link WHERE tenant_id = $1 AND kind = $2
          AND (left_key, right_key) IN (SELECT l, r FROM unnest($3::text[], $4::text[]) AS p(l, r))`,
      [tenantId, kind, pairs.map(([l]) => l), pairs.map(([, r]) => r)],
    );
  }

  /** Pairs for a steward; a pair already queued (open or decided) is not queued again. */
  async queueReviews(
    tx: Executor,
    tenantId: string,
    reviews: readonly { reviewId: string; pair: KeyPair; probability: number; weight: number }[],
  ): Promise<void> {
    for (const review of reviews) {
      await queryRows(
        tx,
        `INSERT INTO match_review (review_id, tenant_id, left_key, right_key, probability, weight, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'open') ON CONFLICT (tenant_id, left_key, right_key) DO NOTHING`,
        [review.reviewId, tenantId, review.pair[0], review.pair[1], review.probability, review.weight],
      );
    }
  }

  async openReviews(tenantId: string, limit: number): Promise<StoredReview[]> {
    const rows = await queryRows<ReviewRow>(
      this.dataSource,
      `SELECT * FROM match_review WHERE tenant_id = $1 AND status = 'open' ORDER BY created_at, review_id LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map(reviewOf);
  }

  async review(tenantId: string, reviewId: string): Promise<StoredReview | undefined> {
    const rows = await queryRows<ReviewRow>(this.dataSource, `SELECT * FROM match_review WHERE tenant_id = $1 AND review_id::text = $2`, [
      tenantId,
      reviewId,
    ]);
    return rows[0] ? reviewOf(rows[0]) : undefined;
  }

  /** Decides an open review; false when it was decided already (by someone else meanwhile). */
  async decideReview(
    tx: Executor,
    tenantId: string,
    reviewId: string,
    status: Exclude<ReviewStatus, 'open'>,
    actor: string,
  ): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE match_review SET status = $3, decided_at = now(), decided_by = $4
        WHERE tenant_id = $1 AND review_id::text = $2 AND status = 'open' RETURNING review_id`,
      [tenantId, reviewId, status, actor],
    );
    return rows.length > 0;
  }
}
