import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';

export interface ExceptionGroupRow {
  errorClass: string;
  errorCode: string;
  count: number;
  services: string[];
  oldestAt: string;
  newestAt: string;
  /** The newest dead letter's message: what the group looks like. */
  sampleMessage: string;
  assignees: string[];
  /** The group's dead letters, newest first (at most 100). */
  deadLetterIds: string[];
}

export interface ExceptionComment {
  commentId: string;
  deadLetterId: string;
  author: string;
  body: string;
  createdAt: string;
}

/** Queries only: the exception queue grouped by cause, and its work (assign, comment, resolve) on dead_letter. */
@Injectable()
export class ExceptionQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A tenant's dead letters in one status, grouped by error class and code, the largest group first. */
  async groups(tenantId: string, status: 'open' | 'replayed' | 'resolved'): Promise<ExceptionGroupRow[]> {
    const rows = await queryRows<{
      error_class: string;
      error_code: string;
      count: string;
      services: string[];
      oldest_at: Date;
      newest_at: Date;
      sample_message: string;
      assignees: string[] | null;
      ids: string[];
    }>(
      this.dataSource,
      `SELECT error_class, error_code, count(*) AS count, array_agg(DISTINCT service) AS services,
              min(dead_lettered_at) AS oldest_at, max(dead_lettered_at) AS newest_at,
              (array_agg(error_message ORDER BY dead_lettered_at DESC))[1] AS sample_message,
              array_remove(array_agg(DISTINCT assignee), NULL) AS assignees,
              (array_agg(dead_letter_id ORDER BY dead_lettered_at DESC))[1:100] AS ids
       FROM dead_letter WHERE tenant_id = $1 AND status = $2
       GROUP BY error_class, error_code ORDER BY count(*) DESC, max(dead_lettered_at) DESC`,
      [tenantId, status],
    );
    return rows.map((row) => ({
      errorClass: row.error_class,
      errorCode: row.error_code,
      count: Number(row.count),
      services: row.services,
      oldestAt: row.oldest_at.toISOString(),
      newestAt: row.newest_at.toISOString(),
      sampleMessage: row.sample_message,
      assignees: row.assignees ?? [],
      deadLetterIds: row.ids,
    }));
  }

  /** Assigns (or unassigns, with null) the tenant's open dead letters among `ids`; answers those changed. */
  async assign(tenantId: string, ids: string[], assignee: string | null): Promise<string[]> {
    const rows = await queryRows<{ dead_letter_id: string }>(
      this.dataSource,
      `UPDATE dead_letter SET assignee = $3, assigned_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END
       WHERE tenant_id = $1 AND dead_letter_id = ANY($2::text[]) AND status = 'open' RETURNING dead_letter_id`,
      [tenantId, ids, assignee],
    );
    return rows.map((row) => row.dead_letter_id);
  }

  /** Adds the same comment to each of the tenant's dead letters among `ids` (any status); answers those commented. */
  async comment(tenantId: string, ids: string[], author: string, body: string): Promise<string[]> {
    const rows = await queryRows<{ dead_letter_id: string }>(
      this.dataSource,
      `INSERT INTO dead_letter_comment (dead_letter_id, tenant_id, author, body)
       SELECT dead_letter_id, tenant_id, $3, $4 FROM dead_letter WHERE tenant_id = $1 AND dead_letter_id = ANY($2::text[])
       RETURNING dead_letter_id`,
      [tenantId, ids, author, body],
    );
    return rows.map((row) => row.dead_letter_id);
  }

  /**
   * Resolves the tenant's open dead letters among `ids` without replaying them (fixed elsewhere, or not worth
   * sending): records who, why and when. Answers each one resolved with its resolution time in seconds.
   */
  async resolve(
    tenantId: string,
    ids: string[],
    resolvedBy: string,
    resolution: string,
  ): Promise<{ deadLetterId: string; errorClass: string; resolutionSeconds: number }[]> {
    const rows = await queryRows<{ dead_letter_id: string; error_class: string; seconds: string }>(
      this.dataSource,
      `UPDATE dead_letter SET status = 'resolved', resolved_at = now(), resolved_by = $3, resolution = $4
       WHERE tenant_id = $1 AND dead_letter_id = ANY($2::text[]) AND status = 'open'
       RETURNING dead_letter_id, error_class, extract(epoch FROM resolved_at - dead_lettered_at) AS seconds`,
      [tenantId, ids, resolvedBy, resolution],
    );
    return rows.map((row) => ({
      deadLetterId: row.dead_letter_id,
      errorClass: row.error_class,
      resolutionSeconds: Math.max(0, Math.round(Number(row.seconds) * 10) / 10),
    }));
  }

  /** The newest comments on the tenant's dead letters among `ids`, newest first. */
  async comments(tenantId: string, ids: string[], limit: number): Promise<ExceptionComment[]> {
    const rows = await queryRows<{ comment_id: string; dead_letter_id: string; author: string; body: string; created_at: Date }>(
      this.dataSource,
      `SELECT comment_id, dead_letter_id, author, body, created_at FROM dead_letter_comment
       WHERE tenant_id = $1 AND dead_letter_id = ANY($2::text[]) ORDER BY created_at DESC, comment_id DESC LIMIT $3`,
      [tenantId, ids, limit],
    );
    return rows.map((row) => ({
      commentId: String(row.comment_id),
      deadLetterId: row.dead_letter_id,
      author: row.author,
      body: row.body,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
