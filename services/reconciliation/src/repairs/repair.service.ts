import { Inject, Injectable } from '@nestjs/common';
import { FerryHeaders, SchemaCatalog, Topics, entityKey } from '@ferry/contracts';
import { OperatorAuditRepository } from '@ferry/database';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { LOGGER } from '@ferry/platform';
import { DeliveredRecordRepository } from '../delivered-records/delivered-record.repository';
import { ReconciliationException } from '../reconciliation.exception';
import { ReconciliationRunRepository, type FindingToRepair } from '../reconciliation/reconciliation-run.repository';
import { repairDecisionOf, repairEventIdOf } from './repair-plan';

export interface RepairRequest {
  tenantId: string;
  runId: string;
  actor: string;
  findingIds?: string[];
  dryRun: boolean;
  reason?: string;
}

export interface RepairItem {
  findingId: string;
  connectionId: string;
  recordType: string;
  externalId: string;
  cause: string | null;
  outcome: 'would_redeliver' | 'redelivered' | 'refused' | 'failed';
  reason?: string;
  /** The re-delivery: the canonical event sent again (its id derives from the finding: never sent twice). */
  redelivery?: { eventId: string; entityType: string; entityId: string; entityVersion: number; topic: string };
}

/**
 * Repairs a run's findings by re-delivering Ferry's latest canonical version through the normal pipeline: the
 * canonical event goes back onto ferry.canonical-events.v1 restricted to the finding's connection (the
 * `ferry-replay-connection` header dead-letter replays use), so transformation maps it under the tenant's current
 * configuration and delivery upserts it. A dry run (the default) answers what would be sent and sends nothing; a
 * repair that sends is audited (operator_audit) with the operator.
 */
@Injectable()
export class RepairService {
  constructor(
    private readonly runs: ReconciliationRunRepository,
    private readonly books: DeliveredRecordRepository,
    private readonly catalog: SchemaCatalog,
    private readonly producer: EventProducer,
    private readonly audit: OperatorAuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async repair(request: RepairRequest): Promise<{ dryRun: boolean; items: RepairItem[] }> {
    const run = await this.runs.find(request.tenantId, request.runId);
    if (!run) throw new ReconciliationException('RUN_NOT_FOUND', `no reconciliation run ${request.runId} for tenant ${request.tenantId}`);
    const findings = await this.runs.findingsForRepair(request.tenantId, request.runId, request.findingIds);
    const items: RepairItem[] = [];
    for (const finding of findings) items.push(await this.repairOne(request, finding));
    for (const missing of (request.findingIds ?? []).filter((id) => !findings.some((finding) => finding.findingId === id)))
      items.push({
        findingId: missing,
        connectionId: '',
        recordType: '',
        externalId: '',
        cause: null,
        outcome: 'refused',
        reason: 'FINDING_NOT_FOUND: no finding with this id in the run',
      });
    if (!request.dryRun)
      await this.audit.record({
        tenantId: request.tenantId,
        actor: request.actor,
        action: 'reconciliation.repair',
        subject: `run:${request.runId}${request.findingIds ? ` findings:${request.findingIds.join(',')}` : ''}`,
        before: { findings: findings.map(({ findingId, cause, repairedAt }) => ({ findingId, cause, repairedAt })) },
        after: {
          items: items.map(({ findingId, outcome, reason, redelivery }) => ({
            findingId,
            outcome,
            ...(reason ? { reason } : {}),
            ...(redelivery ? { eventId: redelivery.eventId } : {}),
          })),
        },
        reason: request.reason ?? null,
      });
    return { dryRun: request.dryRun, items };
  }

  private async repairOne(request: RepairRequest, finding: FindingToRepair): Promise<RepairItem> {
    const base = {
      findingId: finding.findingId,
      connectionId: finding.connectionId,
      recordType: finding.recordType,
      externalId: finding.externalId,
      cause: finding.cause,
    };
    const scope = { tenantId: request.tenantId, connectionId: finding.connectionId, recordType: finding.recordType };
    const version = await this.books.latestCanonicalOf(scope, finding.externalId);
    const decision = repairDecisionOf({
      kind: finding.kind,
      cause: finding.cause,
      repairedAt: finding.repairedAt === null ? null : String(finding.repairedAt),
      hasCanonicalVersion: version !== undefined,
    });
    if (decision.action === 'refuse') return { ...base, outcome: 'refused', reason: `${decision.code}: ${decision.reason}` };
    const entry = this.catalog.canonicalEvents().find((candidate) => candidate.entityType === version!.entityType);
    if (!entry?.bodyField)
      return { ...base, outcome: 'refused', reason: `NOT_REDELIVERABLE: no canonical event carries ${version!.entityType}` };
    const eventId = repairEventIdOf(finding.findingId);
    const redelivery = {
      eventId,
      entityType: version!.entityType,
      entityId: version!.entityId,
      entityVersion: version!.entityVersion,
      topic: Topics.canonicalEvents,
    };
    if (request.dryRun) return { ...base, outcome: 'would_redeliver', redelivery };
    if (!(await this.runs.markRepaired(finding.findingId, eventId)))
      return { ...base, outcome: 'refused', reason: 'ALREADY_REPAIRED: another repair of this finding ran first' };
    try {
      await this.producer.publish({
        topic: Topics.canonicalEvents,
        key: entityKey(request.tenantId, version!.entityType, version!.entityId),
        subject: entry.subject,
        value: {
          envelope: {
            eventId,
            tenantId: request.tenantId,
            correlationId: request.runId,
            causationId: null,
            occurredAt: Date.now(),
            sourceSystem: 'product',
            entityId: version!.entityId,
            entityVersion: version!.entityVersion,
          },
          [entry.bodyField]: version!.body,
        },
        headers: {
          [FerryHeaders.correlationId]: request.runId,
          [FerryHeaders.entityType]: version!.entityType,
          [FerryHeaders.replayConnection]: finding.connectionId,
          [FerryHeaders.replayOf]: `reconciliation-finding:${finding.findingId}`,
        },
      });
      this.logger.info(
        { tenantId: request.tenantId, runId: request.runId, findingId: finding.findingId, eventId },
        'reconciliation finding re-delivered',
      );
      return { ...base, outcome: 'redelivered', redelivery };
    } catch (error) {
      await this.runs.unmarkRepaired(finding.findingId).catch(() => undefined);
      return { ...base, outcome: 'failed', reason: (error as Error).message };
    }
  }
}
