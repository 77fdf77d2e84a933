import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Subjects, Topics, type ReconciliationFinding } from '@ferry/contracts';
import type { ErpConnector } from '@ferry/erp-core';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationView, openConnection } from '@ferry/tenant-config';
import { DeliveredRecordRepository } from '../delivered-records/delivered-record.repository';
import { ReconciliationException } from '../reconciliation.exception';
import { ReconciliationRunRepository } from './reconciliation-run.repository';
import { compareRecords, shapeOf } from './record-comparison';

export const ERP_CONNECTORS = Symbol('ERP_CONNECTORS');

export interface RecordTypeResult {
  connectionId: string;
  erpKind: string;
  recordType: string;
  ferryCount: number;
  erpCount: number;
  erpOnlyCount: number;
  matched: number;
  missingInErp: number;
  contentMismatches: number;
}

export interface ReconciliationRun {
  runId: string;
  tenantId: string;
  trigger: 'on_demand' | 'scheduled';
  status: 'completed' | 'failed';
  startedAt: string;
  finishedAt: string;
  results: RecordTypeResult[];
  findings: ReconciliationFinding[];
  errorMessage?: string;
}

const findingsTotal = counter('ferry_reconciliation_findings_total', 'Differences reconciliation found between Ferry and ERPs', [
  'tenant_id',
  'erp',
  'kind',
]);

/** Runs a reconciliation for a tenant: per mapped record type, Ferry's books against the ERP's records. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly runs: ReconciliationRunRepository,
    private readonly deliveredRecords: DeliveredRecordRepository,
    private readonly configurations: TenantConfigurationView,
    private readonly producer: EventProducer,
    private readonly sealer: SecretSealer,
    @Inject(ERP_CONNECTORS) private readonly connectors: Record<string, ErpConnector>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(tenantId: string, trigger: ReconciliationRun['trigger']): Promise<ReconciliationRun> {
    const configuration = this.configurations.cached(tenantId);
    if (!configuration) throw new ReconciliationException('TENANT_NOT_CONFIGURED', `tenant ${tenantId} has no configuration`);
    const runId = randomUUID();
    const startedAt = new Date();
    await this.runs.insertRunning({ runId, tenantId, trigger, startedAt });
    const results: RecordTypeResult[] = [];
    const findings: ReconciliationFinding[] = [];
    try {
      for (const mapping of configuration.mappings) {
        const connection = configuration.connections.find((candidate) => candidate.connectionId === mapping.connectionId);
        const connector = connection ? this.connectors[connection.erpKind] : undefined;
        if (!connection || !connector) continue;
        const erpRecords = await connector.listRecords(openConnection(tenantId, connection, this.sealer), mapping.recordType);
        const delivered = await this.deliveredRecords.listForRecordType(tenantId, connection.connectionId, mapping.recordType);
        const comparison = compareRecords(
          delivered,
          erpRecords,
          shapeOf([...Object.keys(mapping.fieldExpressions), ...Object.keys(mapping.defaults ?? {})]),
        );
        results.push({
          connectionId: connection.connectionId,
          erpKind: connection.erpKind,
          recordType: mapping.recordType,
          ferryCount: comparison.ferryCount,
          erpCount: comparison.erpCount,
          erpOnlyCount: comparison.erpOnlyCount,
          matched: comparison.matched,
          missingInErp: comparison.differences.filter((d) => d.kind === 'missing_in_erp').length,
          contentMismatches: comparison.differences.filter((d) => d.kind === 'content_mismatch').length,
        });
        for (const difference of comparison.differences) {
          findings.push({
            findingId: randomUUID(),
            runId,
            tenantId,
            connectionId: connection.connectionId,
            erpKind: connection.erpKind,
            recordType: mapping.recordType,
            externalId: difference.externalId,
            erpRecordId: difference.erpRecordId,
            kind: difference.kind,
            expectedHash: difference.expectedHash,
            actualHash: difference.actualHash,
            detectedAt: Date.now(),
          });
          findingsTotal.inc({ tenant_id: tenantId, erp: connection.erpKind, kind: difference.kind });
        }
      }
      await this.recordFindings(findings);
      const run: ReconciliationRun = {
        runId,
        tenantId,
        trigger,
        status: 'completed',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        results,
        findings,
      };
      await this.runs.markCompleted(runId, { results });
      this.logger.info({ runId, results }, `reconciliation run finished with ${findings.length} findings`);
      return run;
    } catch (error) {
      const message = (error as Error).message;
      await this.runs.markFailed(runId, message);
      this.logger.error({ err: error, runId }, 'reconciliation run failed');
      return {
        runId,
        tenantId,
        trigger,
        status: 'failed',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        results,
        findings,
        errorMessage: message,
      };
    }
  }

  async find(tenantId: string, runId: string): Promise<Record<string, unknown>> {
    const run = await this.runs.findWithFindings(tenantId, runId);
    if (!run) throw new ReconciliationException('RUN_NOT_FOUND', `no reconciliation run ${runId} for tenant ${tenantId}`);
    return run;
  }

  private async recordFindings(findings: ReconciliationFinding[]): Promise<void> {
    await this.runs.insertFindings(findings);
    await this.producer.publish(
      findings.map((finding) => ({
        topic: Topics.reconciliationFindings,
        key: `${finding.tenantId}:${finding.recordType}:${finding.externalId}`,
        subject: Subjects.ReconciliationFinding,
        value: finding,
      })),
    );
  }
}
