import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReconciliationFinding } from '@ferry/contracts';

/** Where a run is: which unit of its plan, the last external id both sides were merged up to, and its counts. */
export interface RunCheckpoint {
  unitIndex: number;
  afterExternalId?: string;
  /** Per finished unit: outcome and counts, carried across a resume. */
  units: Record<string, unknown>[];
}

export interface RunProgress {
  checkpoint: RunCheckpoint;
  recordsRead: number;
  recordsCompared: number;
  findingsFound: number;
  runningSeconds: number;
  recordsExpected: number | null;
}

export interface ClaimedRun {
  runId: string;
  tenantId: string;
  trigger: string;
  checkpoint: RunCheckpoint | null;
  recordsRead: number;
  recordsCompared: number;
  findingsFound: number;
  runningSeconds: number;
}

/** Queries only: reconciliation runs (jobs with a lease, progress and checkpoint) and the findings each recorded. */
@Injectable()
export class ReconciliationRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run; with `unlessPending`, not when the tenant already has one queued or running (the schedule). */
  async enqueue(run: { runId: string; tenantId: string; trigger: string }, unlessPending = false): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO reconciliation_run (run_id, tenant_id, trigger, status, started_at)
       SELECT $1, $2, $3, 'queued', now()
       WHERE NOT $4 OR NOT EXISTS (SELECT 1 FROM reconciliation_run WHERE tenant_id = $2 AND status IN ('queued', 'running'))
       RETURNING run_id`,
      [run.runId, run.tenantId, run.trigger, unlessPending],
    )) as unknown[];
    return rows.length === 1;
  }

  /**
   * Takes the oldest queued run, or a running one whose holder stopped renewing its lease (crashed: it resumes from
   * its checkpoint), for a tenant no live run holds: one run per tenant at a time, any replica may take it.
   */
  async claimNext(owner: string, leaseMs: number): Promise<ClaimedRun | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE reconciliation_run SET status = 'running', lease_owner = $1, lease_expires_at = now() + ($2 || ' milliseconds')::interval
       WHERE run_id = (
         SELECT r.run_id FROM reconciliation_run r
         WHERE (r.status = 'queued' OR (r.status = 'running' AND r.lease_expires_at < now()))
           AND NOT EXISTS (SELECT 1 FROM reconciliation_run o WHERE o.tenant_id = r.tenant_id AND o.run_id <> r.run_id
                           AND o.status = 'running' AND o.lease_expires_at >= now())
         ORDER BY r.started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING run_id AS "runId", tenant_id AS "tenantId", trigger, checkpoint, records_read AS "recordsRead",
                 records_compared AS "recordsCompared", findings_found AS "findingsFound", running_seconds AS "runningSeconds"`,
      [owner, String(leaseMs)],
    )) as [Record<string, unknown>[], number];
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: String(row['runId']),
      tenantId: String(row['tenantId']),
      trigger: String(row['trigger']),
      checkpoint: (row['checkpoint'] as RunCheckpoint | null) ?? null,
      recordsRead: Number(row['recordsRead']),
      recordsCompared: Number(row['recordsCompared']),
      findingsFound: Number(row['findingsFound']),
      runningSeconds: Number(row['runningSeconds']),
    };
  }

  /**
   * Stores a page's findings and the checkpoint after it in one transaction, renewing the lease: false when this
   * owner no longer holds the run (another replica took it over), and nothing is written.
   */
  async savePage(
    runId: string,
    owner: string,
    leaseMs: number,
    progress: RunProgress,
    findings: ReconciliationFinding[],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, held] = (await manager.query(
        `UPDATE reconciliation_run SET checkpoint = $3, records_read = $4, records_compared = $5, findings_found = $6,
           running_seconds = $7, records_expected = $8, lease_expires_at = now() + ($9 || ' milliseconds')::interval
         WHERE run_id = $1 AND lease_owner = $2 AND status = 'running'`,
        [
          runId,
          owner,
          JSON.stringify(progress.checkpoint),
          progress.recordsRead,
          progress.recordsCompared,
          progress.findingsFound,
          progress.runningSeconds,
          progress.recordsExpected,
          String(leaseMs),
        ],
      )) as [unknown, number];
      if (held !== 1) return false;
      if (findings.length > 0)
        await manager.query(
          `INSERT INTO reconciliation_finding (finding_id, run_id, tenant_id, connection_id, record_type, external_id, erp_record_id, kind,
             expected_hash, actual_hash, detected_at, cause, field_differences)
           SELECT f."findingId"::uuid, f."runId"::uuid, f."tenantId", f."connectionId", f."recordType", f."externalId", f."erpRecordId", f.kind,
             f."expectedHash", f."actualHash", to_timestamp(f."detectedAt" / 1000.0), f.cause, f."fieldDifferences"
           FROM jsonb_to_recordset($1::jsonb) AS f("findingId" text, "runId" text, "tenantId" text, "connectionId" text, "recordType" text,
             "externalId" text, "erpRecordId" text, kind text, "expectedHash" text, "actualHash" text, "detectedAt" bigint, cause text,
             "fieldDifferences" jsonb)
           ON CONFLICT (finding_id) DO NOTHING`,
          [JSON.stringify(findings)],
        );
      return true;
    });
  }

  async finish(runId: string, owner: string, status: string, summary: unknown, errorMessage?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliation_run SET status = $3, finished_at = now(), summary = $4, error_message = $5, lease_expires_at = NULL
       WHERE run_id = $1 AND lease_owner = $2`,
      [runId, owner, status, JSON.stringify(summary), errorMessage ?? null],
    );
  }

  /** A tenant's run as stored (row columns as they are), or undefined when it has no such run. */
  async find(tenantId: string, runId: string): Promise<Record<string, unknown> | undefined> {
    const [run] = (await this.dataSource.query(`SELECT * FROM reconciliation_run WHERE tenant_id = $1 AND run_id::text = $2`, [
      tenantId,
      runId,
    ])) as Record<string, unknown>[];
    return run;
  }

  /** A tenant's run with its findings (the first `limit`, by record type and external id). */
  async findWithFindings(tenantId: string, runId: string, limit = 1000): Promise<Record<string, unknown> | undefined> {
    const run = await this.find(tenantId, runId);
    if (!run) return undefined;
    const findings = (await this.dataSource.query(
      `SELECT * FROM reconciliation_finding WHERE run_id = $1 ORDER BY record_type, external_id LIMIT $2`,
      [run['run_id'], limit],
    )) as unknown[];
    return { ...run, findings };
  }

  /** The tenant's latest finished run (completed, partial or unsupported), for its drift summary. */
  async latestFinished(tenantId: string): Promise<Record<string, unknown> | undefined> {
    const [run] = (await this.dataSource.query(
      `SELECT * FROM reconciliation_run WHERE tenant_id = $1 AND status IN ('completed', 'partial', 'unsupported')
       ORDER BY finished_at DESC LIMIT 1`,
      [tenantId],
    )) as Record<string, unknown>[];
    return run;
  }
}
