import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { FerryHeaders, SchemaCatalog, Topics, syncStatusMessage, type CanonicalEvent, type DeadLetterRecord } from '@ferry/contracts';
import { EventProducer, permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { ConsumerRegistry, LOGGER } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import { ExpressionSandbox, restrictToConnection, routeCanonicalEvent } from '@ferry/mapping';

const fieldsLeftOut = counter(
  'ferry_system_of_record_fields_left_out_total',
  'ERP fields left out of a delivery command because the target connection is their system of record',
  ['tenant_id', 'erp'],
);

/**
 * Applies each tenant's current configuration to its canonical events and hands the result to the ERP's
 * delivery topic. Every event ends visibly: commands published, a 'skipped' SyncStatus, or a dead letter
 * plus a 'dead_lettered' SyncStatus with the reason.
 */
@Injectable()
export class CanonicalEventsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<CanonicalEvent>;
  /** Where a rejected event's failure lies in its tenant's configuration, until its dead-letter status says so. */
  private readonly rejectedAt = new Map<string, string>();

  constructor(
    consumers: ConsumerRegistry,
    private readonly catalog: SchemaCatalog,
    private readonly producer: EventProducer,
    private readonly configurations: TenantConfigurationView,
    private readonly sandbox: ExpressionSandbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = consumers.create<CanonicalEvent>({
      topics: [Topics.canonicalEvents],
      // Commands, statuses and dead letters commit atomically with the consumed offsets.
      transactional: true,
      handle: (message) => this.handle(message),
      onDeadLettered: (record, event) => this.reportDeadLetter(record, event),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.configurations.ready();
    await this.consumer.start();
  }

  private entityTypeOf(recordName: string): string {
    const entry = this.catalog.canonicalEvents().find((candidate) => candidate.subject === recordName);
    if (!entry?.entityType) throw permanent('NOT_A_CANONICAL_EVENT', `record ${recordName} is not a canonical event`, 'invalid');
    return entry.entityType;
  }

  private async handle(message: ConsumedMessage<CanonicalEvent>): Promise<void> {
    const entityType = this.entityTypeOf(message.recordName);
    const { envelope } = message.value;
    // As of the event's publication: a mapping the control plane confirmed before the product sent it applies.
    const configuration = await this.configurations.asOf(envelope.tenantId, message.timestamp);
    const replayCount = Number(message.headers[FerryHeaders.replayCount] ?? 0) || 0;
    const replayConnection = message.headers[FerryHeaders.replayConnection];
    let decision = await routeCanonicalEvent(message.value, entityType, configuration, this.sandbox);
    if (replayConnection) decision = restrictToConnection(decision, replayConnection);
    switch (decision.kind) {
      case 'deliver':
        await this.producer.publish([
          ...decision.commands.map((command) => ({
            topic: Topics.deliveryCommands(command.erpKind),
            key: message.key ?? `${command.tenantId}:${entityType}:${command.entityId}`,
            subject: 'io.ferry.delivery.v1.DeliveryCommand',
            // The event as read travels with the command, so a failed delivery can be replayed from it.
            value: { ...command, sourceEvent: message.raw, replayCount },
            headers: {
              [FerryHeaders.correlationId]: command.correlationId,
              ...(replayCount > 0 ? { [FerryHeaders.replayCount]: String(replayCount) } : {}),
            },
          })),
          // One 'routed' status per connection, in the same transaction: the start of each delivery, from which
          // observability counts a tenant's backlog and the age of its oldest undelivered event.
          ...decision.commands.map((command) =>
            syncStatusMessage({ ...command, sourceSystem: envelope.sourceSystem, replayCount }, 'transformation', 'routed', {
              erpKind: command.erpKind,
              recordType: command.recordType,
              externalId: command.externalId,
              configVersion: command.configVersion,
            }),
          ),
        ]);
        for (const { erpKind, fields } of decision.leftOut)
          fieldsLeftOut.inc({ tenant_id: envelope.tenantId, erp: erpKind }, fields.length);
        this.logger.info(
          {
            commands: decision.commands.map((c) => ({ commandId: c.commandId, erpKind: c.erpKind, externalId: c.externalId })),
            ...(decision.leftOut.length > 0 ? { leftOutBySystemOfRecord: decision.leftOut } : {}),
            configVersion: configuration?.version,
          },
          'delivery commands published',
        );
        return;
      case 'skip':
        await this.producer.publish(
          syncStatusMessage({ ...envelope, entityType, eventOccurredAt: envelope.occurredAt }, 'transformation', 'skipped', {
            errorMessage: decision.reason,
            configVersion: configuration?.version ?? null,
          }),
        );
        this.logger.info({ reason: decision.reason }, 'event skipped');
        return;
      case 'reject':
        if (decision.path) {
          if (this.rejectedAt.size > 10_000) this.rejectedAt.clear();
          this.rejectedAt.set(envelope.eventId, decision.path);
        }
        throw permanent(decision.code, decision.reason, decision.errorClass);
    }
  }

  private async reportDeadLetter(record: DeadLetterRecord, event: CanonicalEvent | undefined): Promise<void> {
    if (!event?.envelope) return;
    const { envelope } = event;
    let entityType = 'unknown';
    try {
      entityType = this.entityTypeOf(this.catalog.subjects.find((s) => s.bodyField && s.bodyField in event)?.subject ?? '');
    } catch {
      // The dead letter already says why; the status still records that the event stopped here.
    }
    const configuration = this.configurations.cached(envelope.tenantId);
    const errorPath = this.rejectedAt.get(envelope.eventId) ?? null;
    this.rejectedAt.delete(envelope.eventId);
    await this.producer.publish(
      syncStatusMessage({ ...envelope, entityType, eventOccurredAt: envelope.occurredAt }, 'transformation', 'dead_lettered', {
        attempts: record.attempts,
        errorClass: record.errorClass,
        errorCode: record.errorCode,
        errorMessage: record.errorMessage,
        errorPath,
        configVersion: configuration?.version ?? null,
      }),
    );
  }
}
