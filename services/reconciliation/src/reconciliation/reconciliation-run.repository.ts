import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReconciliationFinding } from '@ferry/contracts';

/** Queries only: reconciliation runs and the findings each run recorded. */
@Injectable()
export class ReconciliationRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertRunning(run: { runId: string; tenantId: string; trigger: string; startedAt: Date }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconciliation_run (run_id, tenant_id, trigger, status, started_at) VALUES ($1,$2,$3,'running',$4)`,
      [run.runId, run.tenantId, run.trigger, run.startedAt],
    );
  }

  async markCompleted(runId: string, summary: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE reconciliation_run SET status = 'completed', finished_at = now(), summary = $2 WHERE run_id = $1`, [
      runId,
      JSON.stringify(summary),
    ]);
  }

  async markFailed(runId: string, errorMessage: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliation_run SET status = 'failed', finished_at = now(), error_message = $2 WHERE run_id = $1`,
      [runId, errorMessage],
    );
  }

  async insertFindings(findings: ReconciliationFinding[]): Promise<void> {
    for (const finding of findings) {
      await this.dataSource.query(
        `INSERT INTO reconciliation_finding (finding_id, run_id, tenant_id, connection_id, record_type, external_id, erp_record_id, kind, expected_hash, actual_hash, detected_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,to_timestamp($11 / 1000.0))`,
        [
          finding.findingId,
          finding.runId,
          finding.tenantId,
          finding.connectionId,
          finding.recordType,
          finding.externalId,
          finding.erpRecordId ?? null,
          finding.kind,
          finding.expectedHash ?? null,
          finding.actualHash ?? null,
          finding.detectedAt,
        ],
      );
    }
  }

  /** A tenant's run as stored (row columns as they are) with its findings, or undefined when it has no such run. */
  async findWithFindings(tenantId: string, runId: string): Promise<Record<string, unknown> | undefined> {
    const [run] = (await this.dataSource.query(`SELECT * FROM reconciliation_run WHERE tenant_id = $1 AND run_id::text = $2`, [
      tenantId,
      runId,
    ])) as Record<string, unknown>[];
    if (!run) return undefined;
    const findings = (await this.dataSource.query(
      `SELECT * FROM reconciliation_finding WHERE run_id = $1 ORDER BY record_type, external_id`,
      [run['run_id']],
    )) as unknown[];
    return { ...run, findings };
  }
}
