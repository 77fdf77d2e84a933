import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReconciliationFinding } from '@ferry/contracts';
import type { RunMode } from '../reconciliation-runs/run-mode';

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
  mode: RunMode;
  /** Epoch ms the run was queued: what its units' watermarks become when it completes them. */
  startedAt: number;
  checkpoint: RunCheckpoint | null;
  recordsRead: number;
  recordsCompared: number;
  findingsFound: number;
  runningSeconds: number;
}

export interface FindingToRepair {
  findingId: string;
  connectionId: string;
  recordType: string;
  externalId: string;
  kind: string;
  cause: string | null;
  repairedAt: string | null;
}

/** Queries only: reconciliation runs (jobs with a lease, progress and checkpoint) and the findings each recorded. */
@Injectable()
export class ReconciliationRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run; with `unlessPending`, not when the tenant already has one queued or running (the schedule). */
  async enqueue(run: { runId: string; tenantId: string; trigger: string; mode?: RunMode }, unlessPending = false): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO reconciliation_run (run_id, tenant_id, trigger, status, started_at, mode)
       SELECT $1, $2, $3, 'queued', now(), $5
       WHERE NOT $4 OR NOT EXISTS (SELECT 1 FROM reconciliation_run WHERE tenant_id = $2 AND status IN ('queued', 'running'))
       RETURNING run_id`,
      [run.runId, run.tenantId, run.trigger, unlessPending, run.mode ?? 'full'],
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
       RETURNING run_id AS "runId", tenant_id AS "tenantId", trigger, mode, (extract(epoch FROM started_at) * 1000)::float8 AS "startedAt", checkpoint, records_read AS "recordsRead",
                 records_compared AS "recordsCompared", findings_found AS "findingsFound", running_seconds AS "runningSeconds"`,
      [owner, String(leaseMs)],
    )) as [Record<string, unknown>[], number];
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: String(row['runId']),
      tenantId: String(row['tenantId']),
      trigger: String(row['trigger']),
      mode: row['mode'] === 'incremental' ? 'incremental' : 'full',
      startedAt: Number(row['startedAt']),
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
             expected_hash, actual_hash, detected_at, cause, field_differences, period_total)
           SELECT f."findingId"::uuid, f."runId"::uuid, f."tenantId", f."connectionId", f."recordType", f."externalId", f."erpRecordId", f.kind,
             f."expectedHash", f."actualHash", to_timestamp(f."detectedAt" / 1000.0), f.cause, f."fieldDifferences", f."periodTotal"
           FROM jsonb_to_recordset($1::jsonb) AS f("findingId" text, "runId" text, "tenantId" text, "connectionId" text, "recordType" text,
             "externalId" text, "erpRecordId" text, kind text, "expectedHash" text, "actualHash" text, "detectedAt" bigint, cause text,
             "fieldDifferences" jsonb, "periodTotal" jsonb)
           ON CONFLICT (finding_id) DO NOTHING`,
          [JSON.stringify(findings)],
        );
      return true;
    });
  }

  /**
   * Records how the run ended and, in the same transaction, advances the watermark of each unit it completed to
   * the run's start (never backwards): the next incremental run of that unit reads what changed since. Nothing
   * is written when this owner no longer holds the run.
   */
  async finish(
    runId: string,
    owner: string,
    status: string,
    summary: unknown,
    errorMessage?: string,
    completedUnits: readonly { connectionId: string; recordType: string }[] = [],
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [, held] = (await manager.query(
        `UPDATE reconciliation_run SET status = $3, finished_at = now(), summary = $4, error_message = $5, lease_expires_at = NULL
         WHERE run_id = $1 AND lease_owner = $2`,
        [runId, owner, status, JSON.stringify(summary), errorMessage ?? null],
      )) as [unknown, number];
      if (held !== 1 || completedUnits.length === 0) return;
      await manager.query(
        `INSERT INTO reconciliation_watermark (tenant_id, connection_id, record_type, watermark, run_id)
         SELECT r.tenant_id, u.connection_id, u.record_type, r.started_at, r.run_id
         FROM reconciliation_run r, unnest($2::text[], $3::text[]) AS u(connection_id, record_type)
         WHERE r.run_id = $1
         ON CONFLICT (tenant_id, connection_id, record_type) DO UPDATE SET
           watermark = EXCLUDED.watermark, run_id = EXCLUDED.run_id, updated_at = now()
         WHERE reconciliation_watermark.watermark < EXCLUDED.watermark`,
        [runId, completedUnits.map((unit) => unit.connectionId), completedUnits.map((unit) => unit.recordType)],
      );
    });
  }

  /** A tenant's watermarks, epoch ms by `<connectionId>/<recordType>`: where its next incremental run starts. */
  async watermarksOf(tenantId: string): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT connection_id AS "connectionId", record_type AS "recordType", (extract(epoch FROM watermark) * 1000)::float8 AS watermark
       FROM reconciliation_watermark WHERE tenant_id = $1`,
      [tenantId],
    )) as { connectionId: string; recordType: string; watermark: number }[];
    return new Map(rows.map((row) => [`${row.connectionId}/${row.recordType}`, Number(row.watermark)]));
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

  /** A run's findings as a repair needs them: all of them, or those named (of this tenant's run only). */
  async findingsForRepair(tenantId: string, runId: string, findingIds?: readonly string[]): Promise<FindingToRepair[]> {
    return (await this.dataSource.query(
      `SELECT finding_id::text AS "findingId", connection_id AS "connectionId", record_type AS "recordType", external_id AS "externalId",
              kind, cause, repaired_at AS "repairedAt"
       FROM reconciliation_finding
       WHERE tenant_id = $1 AND run_id::text = $2 AND ($3::text[] IS NULL OR finding_id::text = ANY($3::text[]))
       ORDER BY record_type, external_id, finding_id`,
      [tenantId, runId, findingIds ?? null],
    )) as FindingToRepair[];
  }

  /** Claims a finding's repair (false when another request claimed it first): the re-delivery is sent once. */
  async markRepaired(findingId: string, eventId: string): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE reconciliation_finding SET repaired_at = now(), repair_event_id = $2 WHERE finding_id::text = $1 AND repaired_at IS NULL
       RETURNING finding_id`,
      [findingId, eventId],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  /** Gives a claimed repair back when its re-delivery could not be sent. */
  async unmarkRepaired(findingId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliation_finding SET repaired_at = NULL, repair_event_id = NULL WHERE finding_id::text = $1`,
      [findingId],
    );
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
