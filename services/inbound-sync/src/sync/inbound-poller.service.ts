import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchemaCatalog, Subjects, Topics, entityKey, type TenantConfiguration } from '@ferry/contracts';
import { SingletonLease, type LeaseFence } from '@ferry/database';
import type { ErpConnector } from '@ferry/erp-core';
import { findTemplate } from '@ferry/erp-templates';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { ExpressionSandbox, fieldsLeftOut } from '@ferry/mapping';
import { resolveSystemOfRecord } from '@ferry/master-data';
import { TenantConfigurationView, openConnection } from '@ferry/tenant-config';
import type { InboundSyncConfig } from '../inbound-sync.config';
import { DeliveredContentRepository } from '../echoes/delivered-content.repository';
import { echoVerdict } from '../echoes/echo-decision';
import { conflictFindings } from '../system-of-record/conflict-findings';
import { inboundRecordOutcome } from '../system-of-record/inbound-record-outcome';
import { InboundBaselineRepository } from '../system-of-record/inbound-baseline.repository';
import { advance, newChanges, settledChanges } from './change-cursor';
import { InboundCursorRepository } from './inbound-cursor.repository';
import { toCanonicalCustomer, type InboundSource } from './inbound-change-mapper';
import { INBOUND_CONNECTORS } from './inbound-connectors';
import { ErpEventsPoller } from '../erp-events/erp-events-poller';
import { StatusFilePoller } from '../erp-events/status-files/status-file-poller';

export { INBOUND_CONNECTORS } from './inbound-connectors';
/** The lease that makes polling a singleton: name `inbound-poll` in the service's ferry_lease table. */
export const INBOUND_POLL_LEASE = Symbol('INBOUND_POLL_LEASE');
/** A crashed poller's replicas take over within this (plus a third of it); a stopped one hands over at once. */
export const INBOUND_POLL_LEASE_TTL_MS = 30_000;

const changes = counter(
  'ferry_inbound_changes_total',
  'ERP changes turned into canonical events, or not (unmappable, echo, only_conflicts)',
  ['tenant_id', 'erp', 'outcome'],
);
const conflictsTotal = counter(
  'ferry_system_of_record_conflicts_total',
  'Fields an ERP changed although another system is their system of record (not taken as truth)',
  ['tenant_id', 'erp', 'field_group'],
);

/**
 * Polls each tenant's ERP for changed customers with a cursor persisted in PostgreSQL, turns each change into a
 * canonical CustomerUpserted with the ERP as its source and publishes it where the product publishes, so it goes
 * through ingestion like any event. The cursor moves only after the events are on Kafka: a crash re-reads a
 * change (same event id, dropped by ingestion), never skips one. Only the replica holding the `inbound-poll`
 * lease polls, checking it before each tenant, so any replica count (and a rolling update) polls once.
 */
@Injectable()
export class InboundPollerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly cursors: InboundCursorRepository,
    private readonly deliveredContent: DeliveredContentRepository,
    private readonly baselines: InboundBaselineRepository,
    private readonly configurations: TenantConfigurationView,
    private readonly producer: EventProducer,
    private readonly catalog: SchemaCatalog,
    private readonly sealer: SecretSealer,
    private readonly sandbox: ExpressionSandbox,
    @Inject(INBOUND_CONNECTORS) private readonly connectors: Record<string, ErpConnector>,
    @Inject(INBOUND_POLL_LEASE) private readonly lease: SingletonLease,
    @Inject(PLATFORM_CONFIG) private readonly config: InboundSyncConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly erpEvents: ErpEventsPoller,
    private readonly statusFiles: StatusFilePoller,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.configurations.ready();
    await this.lease.start();
    this.timer = setInterval(() => {
      this.running ??= this.lease
        .runExclusive((fence) => this.pollAll(fence))
        .then(() => undefined)
        .finally(() => (this.running = undefined));
    }, this.config.pollIntervalSeconds * 1000);
  }

  /**
   * Before the producer and the database close: no new poll, the running one finishes (its cursors saved after
   * its events are on Kafka), then the lease is handed to another replica.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.lease.stop();
  }

  private async pollAll(fence: LeaseFence): Promise<void> {
    for (const configuration of this.configurations.all().filter((c) => c.active)) {
      if (!(await fence.stillHeld())) {
        this.logger.warn({ epoch: fence.epoch }, 'inbound-poll lease lost mid-round; another replica polls from the saved cursors');
        return;
      }
      try {
        await this.pollTenant(configuration);
      } catch (error) {
        this.logger.error(
          { err: error, tenantId: configuration.tenantId },
          'inbound poll failed; it resumes from the same cursor next time',
        );
      }
      // ERP → product events: apart from the customer poll, so a failure of one does not hold up the other.
      try {
        await this.erpEvents.pollTenant(configuration);
      } catch (error) {
        this.logger.error(
          { err: error, tenantId: configuration.tenantId },
          'ERP event poll failed; it resumes from the same cursors next time',
        );
      }
      // Legacy ERPs' status export files over SFTP: each file once, under the same lease.
      try {
        await this.statusFiles.pollTenant(configuration);
      } catch (error) {
        this.logger.error({ err: error, tenantId: configuration.tenantId }, 'status export poll failed; the files are read next time');
      }
    }
  }

  private async pollTenant(configuration: TenantConfiguration): Promise<void> {
    const [name, version] = (configuration.template ?? '').split('@');
    const inbound = name ? findTemplate(name, Number(version))?.inbound?.customer : undefined;
    if (!inbound) return;
    const template = findTemplate(name!, Number(version))!;
    for (const connection of configuration.connections.filter((c) => c.erpKind === template.erpKind)) {
      const connector = this.connectors[connection.erpKind];
      if (!connector?.listChangedSince) continue;
      const source: InboundSource = {
        tenantId: configuration.tenantId,
        connectionId: connection.connectionId,
        erpKind: connection.erpKind,
        recordType: inbound.recordType,
      };
      const cursor = await this.cursors.cursorOrStart(source);
      const records = await connector.listChangedSince(
        openConnection(configuration.tenantId, connection, this.sealer, configuration.policies),
        inbound.recordType,
        cursor.since,
      );
      const fresh = settledChanges(newChanges(records, cursor), Date.now(), this.config.echoSettleSeconds * 1000);
      if (fresh.length === 0) continue;
      const mapping = configuration.mappings.find(
        (candidate) =>
          candidate.entityType === 'customer' &&
          candidate.connectionId === connection.connectionId &&
          candidate.recordType === inbound.recordType,
      );
      // Fields the connection owns are never written (transformation leaves them out): not part of an echo either.
      const leftOut = new Set(
        mapping ? fieldsLeftOut(configuration, 'customer', mapping, connection.connectionId).map((f) => f.erpField) : [],
      );
      const writtenFields = mapping
        ? [...Object.keys(mapping.fieldExpressions), ...Object.keys(mapping.defaults ?? {})].filter((field) => !leftOut.has(field))
        : undefined;
      const rules = resolveSystemOfRecord(configuration.policies?.systemOfRecord);
      const baselines = await this.baselines.baselines(
        source,
        fresh.map((record) => record.erpRecordId),
      );
      const newBaselines = new Map<string, Record<string, unknown>>();
      const lastDeliveries = await this.deliveredContent.lastDeliveries(
        source,
        fresh.flatMap((record) => (record.externalId ? [record.externalId] : [])),
      );
      const events = [];
      const findings = [];
      let echoes = 0;
      let onlyConflicts = 0;
      for (const record of fresh) {
        // Ferry's own write read back: publishing it would send it through ingestion and transformation only to be
        // skipped; it is still read, as the baseline the record's next change is compared with.
        const echo = echoVerdict(record, record.externalId ? lastDeliveries.get(record.externalId) : undefined, writtenFields).echo;
        const { event, problems } = await toCanonicalCustomer(
          source,
          record,
          inbound.expression,
          this.catalog.subject(Subjects.CustomerUpserted).type,
          this.sandbox,
        );
        if (!event && echo) {
          echoes += 1;
          continue;
        }
        if (!event) {
          changes.inc({ tenant_id: source.tenantId, erp: source.erpKind, outcome: 'unmappable' });
          this.logger.warn(
            { tenantId: source.tenantId, erpRecordId: record.erpRecordId, problems },
            'ERP change cannot become a canonical customer; skipped',
          );
          continue;
        }
        const outcome = inboundRecordOutcome(
          rules,
          source.connectionId,
          echo,
          baselines.get(record.erpRecordId),
          event.customer as unknown as Record<string, unknown>,
        );
        newBaselines.set(record.erpRecordId, outcome.baseline);
        findings.push(...conflictFindings(source, record, event.envelope.entityId, outcome.conflicts, Date.now()));
        if (outcome.kind === 'echo') echoes += 1;
        if (outcome.kind === 'only_conflicts') onlyConflicts += 1;
        if (outcome.kind !== 'publish') continue;
        events.push({
          topic: Topics.productEvents,
          key: entityKey(source.tenantId, 'customer', event.envelope.entityId),
          subject: Subjects.CustomerUpserted,
          value: { ...event, customer: outcome.body as unknown as typeof event.customer },
          headers: { 'ferry-source-system': source.erpKind },
        });
      }
      const conflictMessages = findings.map((finding) => ({
        topic: Topics.systemOfRecordConflicts,
        key: `${finding.tenantId}:${finding.connectionId}:${finding.erpRecordId}`,
        subject: Subjects.SystemOfRecordConflict,
        value: finding,
      }));
      if (events.length + conflictMessages.length > 0) await this.producer.publish([...events, ...conflictMessages]);
      // Baselines before the cursor: a crash in between re-reads the changes, which then decide the same way.
      await this.baselines.save(source, newBaselines);
      await this.cursors.save(source, advance(cursor, fresh));
      for (const finding of findings)
        conflictsTotal.inc({ tenant_id: source.tenantId, erp: source.erpKind, field_group: finding.fieldGroup });
      if (findings.length > 0)
        this.logger.warn(
          {
            tenantId: source.tenantId,
            erp: source.erpKind,
            conflicts: findings.map((f) => ({ erpRecordId: f.erpRecordId, fieldPath: f.fieldPath, owner: f.owner })),
          },
          'ERP changes to fields another system owns were not taken; each is a finding on ferry.master-data-conflicts.v1',
        );
      changes.inc({ tenant_id: source.tenantId, erp: source.erpKind, outcome: 'published' }, events.length);
      changes.inc({ tenant_id: source.tenantId, erp: source.erpKind, outcome: 'echo' }, echoes);
      changes.inc({ tenant_id: source.tenantId, erp: source.erpKind, outcome: 'only_conflicts' }, onlyConflicts);
      this.logger.info(
        { tenantId: source.tenantId, erp: source.erpKind, changes: events.length, echoes },
        'inbound changes published; Ferry’s own writes read back were not',
      );
    }
  }
}
