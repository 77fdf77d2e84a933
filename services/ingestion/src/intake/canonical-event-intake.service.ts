import { Inject, Injectable } from '@nestjs/common';
import { Topics, entityKey, type CanonicalEvent, type ValidatedEvent } from '@ferry/contracts';
import { EventProducer, afterKafkaCommitTogether, infrastructure } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import { ReceivedEventRepository, type IntakeSource } from './received-event.repository';

export interface IntakeResult {
  eventId: string;
  status: 'accepted' | 'duplicate';
}

const intake = counter('ferry_ingestion_events_total', 'Canonical events offered to ingestion', ['tenant_id', 'source', 'outcome']);

/**
 * Accepts validated canonical events exactly once per (tenant, event id): the ledger row is inserted and the
 * canonical event published inside one database transaction, committed only after Kafka acknowledged. A
 * concurrent copy of the same event waits on the row lock and then sees a duplicate; a crash before the
 * commit leaves no row, so the redelivered event is published again rather than lost.
 */
@Injectable()
export class CanonicalEventIntakeService {
  constructor(
    private readonly receivedEvents: ReceivedEventRepository,
    private readonly producer: EventProducer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async accept(events: ValidatedEvent[], source: IntakeSource): Promise<IntakeResult[]> {
    if (events.length === 0) return [];
    try {
      const results = await this.receivedEvents.inTransaction(async (ledger) => {
        const inTransaction: IntakeResult[] = [];
        const fresh: ValidatedEvent[] = [];
        for (const item of events) {
          const { tenantId, eventId } = item.event.envelope;
          const isNew = await ledger.insertIfNew({ tenantId, eventId, recordName: item.entry.subject }, source);
          const status = isNew ? 'accepted' : 'duplicate';
          inTransaction.push({ eventId, status });
          intake.inc({ tenant_id: tenantId, source, outcome: status });
          if (isNew) fresh.push(item);
        }
        await this.producer.publish(fresh.map((item) => this.toCanonical(item.entry.subject, item.entry.entityType ?? '', item.event)));
        return inTransaction;
      });
      for (const result of results) this.logger.info({ eventId: result.eventId, status: result.status, source }, `event ${result.status}`);
      return results;
    } catch (error) {
      throw error instanceof Error && 'failureClass' in error
        ? error
        : infrastructure('INTAKE_FAILED', `could not record and publish events: ${(error as Error).message}`, error);
    }
  }

  /**
   * The Kafka path, inside the consumer's Kafka transaction: the canonical event commits together with the
   * product event's offset, and the ledger row is written once that commit happened. A crash in between
   * leaves the event published and consumed but unrecorded, so only a later re-send by the product could
   * pass again (and is then de-duplicated downstream by command id); nothing can be lost.
   */
  async acceptInKafkaTransaction(item: ValidatedEvent): Promise<IntakeResult> {
    const { tenantId, eventId } = item.event.envelope;
    if (await this.receivedEvents.wasReceived(tenantId, eventId)) {
      intake.inc({ tenant_id: tenantId, source: 'kafka', outcome: 'duplicate' });
      this.logger.info({ eventId, status: 'duplicate', source: 'kafka' }, 'event duplicate');
      return { eventId, status: 'duplicate' };
    }
    await this.producer.publish(this.toCanonical(item.entry.subject, item.entry.entityType ?? '', item.event));
    // One multi-row insert for the chunk's accepted events, once its transaction committed.
    await afterKafkaCommitTogether('received-event', { tenantId, eventId, recordName: item.entry.subject }, (keys) =>
      this.receivedEvents.recordReceived(keys, 'kafka'),
    );
    intake.inc({ tenant_id: tenantId, source: 'kafka', outcome: 'accepted' });
    this.logger.info({ eventId, status: 'accepted', source: 'kafka' }, 'event accepted');
    return { eventId, status: 'accepted' };
  }

  private toCanonical(subject: string, entityType: string, event: CanonicalEvent) {
    const { tenantId, entityId, correlationId } = event.envelope;
    return {
      topic: Topics.canonicalEvents,
      key: entityKey(tenantId, entityType, entityId),
      subject,
      value: event,
      headers: { 'ferry-correlation-id': correlationId, 'ferry-entity-type': entityType },
    };
  }
}
