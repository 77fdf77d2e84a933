import type { Kafka, Producer, IHeaders } from 'kafkajs';
import { counter, histogram } from '@ferry/metrics';
import { DEFAULT_MAX_RECORD_BYTES, tenantOfKey } from '@ferry/contracts';
import type { AvroCodec } from './avro-codec';
import { currentKafkaTransaction } from './kafka-transaction-context';
import { oversizedRecordFailure, produceFailure, recordLimitFor, recordSize } from './produce-failure';
import { tenantPartitioner } from './tenant-partitioner';

export interface OutgoingEvent {
  topic: string;
  /** tenantId or tenantId:entityType:entityId — the tenant prefix chooses the partition. */
  key: string;
  subject: string;
  value: unknown;
  headers?: Record<string, string>;
}

const produced = counter('ferry_kafka_messages_produced_total', 'Messages Ferry wrote to Kafka', ['topic', 'tenant_id', 'outcome']);
const produceSeconds = histogram('ferry_kafka_produce_duration_seconds', 'Time to encode and get the broker acknowledgement', ['topic']);

/**
 * The one way Ferry services write to Kafka: Avro-encoded through the registry, keyed by tenant, idempotent
 * producer (no duplicates from internal retries), acks from all in-sync replicas.
 */
/**
 * A producer for consume-transform-produce transactions. The id is stable per replica and input, so a restarted
 * replica's first initTransactions aborts what its previous life left open; the timeout bounds how long an
 * abandoned transaction (a replica that never comes back) holds back read_committed readers of its partitions.
 */
export function createTransactionalProducer(kafka: Kafka, transactionalId: string): Producer {
  return kafka.producer({
    transactionalId,
    transactionTimeout: 15_000,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: tenantPartitioner,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 5000 },
  });
}

export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly codec: AvroCodec,
    /** Largest record written (KAFKA_MAX_RECORD_BYTES); dead letters may be larger, see recordLimitFor. */
    private readonly maxRecordBytes: number = DEFAULT_MAX_RECORD_BYTES,
  ) {
    // Unlimited retries keep the idempotent producer's sequence numbers valid: a Kafka outage blocks sends, it never reorders them.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: tenantPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5000 },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  /**
   * Writes bytes exactly as given (already Confluent-framed Avro), keyed and partitioned like everything else:
   * how an operator's replay puts an original message back on its topic untouched.
   */
  async publishRaw(message: { topic: string; key: string; value: Buffer; headers?: Record<string, string> }): Promise<void> {
    this.refuseOversized(message.topic, message);
    const outgoing = currentKafkaTransaction()?.outgoing;
    if (outgoing) {
      outgoing.push({ topic: message.topic, messages: [{ key: message.key, value: message.value, headers: { ...message.headers } }] });
      produced.inc({ topic: message.topic, tenant_id: tenantOfKey(message.key) ?? 'unknown', outcome: 'ok' });
      return;
    }
    try {
      await (currentKafkaTransaction()?.transaction ?? this.producer).send({
        topic: message.topic,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: { ...message.headers } }],
      });
      produced.inc({ topic: message.topic, tenant_id: tenantOfKey(message.key) ?? 'unknown', outcome: 'ok' });
    } catch (error) {
      produced.inc({ topic: message.topic, tenant_id: tenantOfKey(message.key) ?? 'unknown', outcome: 'error' });
      throw produceFailure(error);
    }
  }

  /**
   * Writes a tombstone (a null value) for `key` on a compacted topic, partitioned like the records it erases:
   * compaction then drops every earlier record of the key, and topic views forget it (tenant offboarding).
   */
  async publishTombstone(topic: string, key: string, tenantId?: string): Promise<void> {
    const tenant = tenantId ?? tenantOfKey(key) ?? 'unknown';
    try {
      await this.producer.send({ topic, acks: -1, messages: [{ key, value: null }] });
      produced.inc({ topic, tenant_id: tenant, outcome: 'ok' });
    } catch (error) {
      produced.inc({ topic, tenant_id: tenant, outcome: 'error' });
      throw produceFailure(error);
    }
  }

  async publish(events: OutgoingEvent | OutgoingEvent[]): Promise<void> {
    const batch = Array.isArray(events) ? events : [events];
    if (batch.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer; headers: IHeaders }[]>();
    for (const event of batch) {
      const encoded = await this.codec.encode(event.subject, event.value);
      const messages = byTopic.get(event.topic) ?? [];
      const message = { key: event.key, value: encoded, headers: { ...event.headers } };
      this.refuseOversized(event.topic, message);
      messages.push(message);
      byTopic.set(event.topic, messages);
    }
    const topicMessages = [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
    const outgoing = currentKafkaTransaction()?.outgoing;
    if (outgoing) {
      // Sent with the chunk's other output at its commit; counted as sends into an open transaction always were.
      outgoing.push(...topicMessages);
      batch.forEach((event) => produced.inc({ topic: event.topic, tenant_id: tenantOfKey(event.key) ?? 'unknown', outcome: 'ok' }));
      return;
    }
    const stop = produceSeconds.startTimer({ topic: batch[0]?.topic ?? '' });
    try {
      // Inside a consume-transform-produce step the messages join its transaction (see kafka-transaction-context).
      await (currentKafkaTransaction()?.transaction ?? this.producer).sendBatch({
        acks: -1,
        topicMessages,
      });
      batch.forEach((event) => produced.inc({ topic: event.topic, tenant_id: tenantOfKey(event.key) ?? 'unknown', outcome: 'ok' }));
    } catch (error) {
      batch.forEach((event) => produced.inc({ topic: event.topic, tenant_id: tenantOfKey(event.key) ?? 'unknown', outcome: 'error' }));
      throw produceFailure(error);
    } finally {
      stop();
    }
  }

  /**
   * A record over the limit would be refused by the broker after the whole batch's retries; refusing it here
   * names the record and its size, and fails only the message that produced it (dead-lettered, not a stalled
   * partition).
   */
  private refuseOversized(topic: string, message: { key: string; value: Buffer | null; headers?: Record<string, unknown> }): void {
    const size = recordSize(message);
    const limit = recordLimitFor(topic, this.maxRecordBytes);
    if (size > limit) throw oversizedRecordFailure(topic, message.key, size, limit);
  }
}
