import type { Kafka, Producer } from 'kafkajs';
import { avroType, encodeConfluent } from './avro-wire';
import { FerryClientError } from './client-errors';
import { CANONICAL_EVENTS, PRODUCT_EVENTS_TOPIC, type CanonicalEventTypes } from './generated/catalog.generated';
import type { SchemaRegistryReader } from './schema-registry-reader';
import { tenantPartitioner } from './tenant-partitioner';

/** A canonical event's registry subject, e.g. 'io.ferry.customer.v1.CustomerUpserted' (Subjects.CustomerUpserted). */
export type CanonicalEventSubject = keyof CanonicalEventTypes;

/** A canonical event with its subject: [Subjects.CustomerUpserted, customerEvent]. */
export type SubjectAndEvent = { [S in CanonicalEventSubject]: [S, CanonicalEventTypes[S]] }[CanonicalEventSubject];

/** An event with the envelope every canonical event carries. */
interface Enveloped {
  envelope: { eventId: string; tenantId: string; entityId: string };
}

export interface PublishedEvent {
  eventId: string;
  /** The Kafka key it was published under: tenantId:entityType:entityId. */
  key: string;
}

/**
 * Publishes canonical events to Ferry the way Ferry expects them: on ferry.product-events.v1, keyed
 * tenantId:entityType:entityId, partitioned by tenant, Avro in the Confluent wire format with the schema id Ferry
 * registered (looked up by subject, never registered here), through an idempotent producer (a retried send is
 * written once) with one request in flight, so a tenant's events stay in the order they were published.
 */
export class FerryProducer {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly registry: SchemaRegistryReader,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: tenantPartitioner });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Publishes one event, typed by its subject; resolves once Kafka has it (acks from every in-sync replica). */
  async publish<S extends CanonicalEventSubject>(subject: S, event: CanonicalEventTypes[S]): Promise<PublishedEvent> {
    const [published] = await this.publishAll([[subject, event] as SubjectAndEvent]);
    return published!;
  }

  /** Publishes several events in one request, in the given order; a refused event stops the whole batch before sending. */
  async publishAll(events: readonly SubjectAndEvent[]): Promise<PublishedEvent[]> {
    const messages = await Promise.all(events.map(([subject, event]) => this.message(subject, event as unknown as Enveloped)));
    if (messages.length === 0) return [];
    await this.producer.send({ topic: PRODUCT_EVENTS_TOPIC, acks: -1, messages: messages.map(({ key, value }) => ({ key, value })) });
    return messages.map(({ eventId, key }) => ({ eventId, key }));
  }

  private async message(subject: CanonicalEventSubject, event: Enveloped): Promise<{ key: string; value: Buffer; eventId: string }> {
    const definition = CANONICAL_EVENTS[subject] as (typeof CANONICAL_EVENTS)[CanonicalEventSubject] | undefined;
    if (!definition) throw new FerryClientError('UNKNOWN_EVENT_TYPE', `${String(subject)} is not a canonical event subject`);
    const { tenantId, entityId, eventId } = event?.envelope ?? ({} as Enveloped['envelope']);
    const problems = [
      ...(typeof tenantId !== 'string' || tenantId === '' || tenantId.includes(':')
        ? ['envelope.tenantId must be a non-empty id without ":"']
        : []),
      ...(typeof entityId !== 'string' || entityId === '' ? ['envelope.entityId must be a non-empty id'] : []),
      ...(typeof eventId !== 'string' || eventId === '' ? ['envelope.eventId must be a non-empty id (a UUID)'] : []),
    ];
    if (problems.length > 0) throw new FerryClientError('INVALID_EVENT', `${subject}: ${problems.join('; ')}`);
    const schemaId = await this.registry.idOf(subject, definition.schema);
    const value = encodeConfluent(schemaId, avroType(definition.schema), event, subject);
    return { key: `${tenantId}:${definition.entityType}:${entityId}`, value, eventId };
  }
}
