import type { Consumer, Kafka } from 'kafkajs';
import { confluentFrame, decodeInto } from './avro-wire';
import { FerryClientError } from './client-errors';
import { CONSUMABLE_TOPICS, type ConsumableTopicTypes } from './generated/catalog.generated';
import type { SchemaRegistryReader } from './schema-registry-reader';
import { tenantOfKey } from './tenant-partitioner';

/** An Avro topic a product reads: its name, the subject of its records and the schema it reads them into. */
export interface AvroTopic<T> {
  topic: string;
  subject: string;
  /** The reader's schema: records written with any compatible version arrive in this shape. */
  schema: string;
  /** Only carries the type; never set. */
  readonly __type?: T;
}

/** A product-facing topic Ferry publishes, e.g. 'ferry.sync-status.v1'. */
export type ConsumableTopicName = keyof ConsumableTopicTypes;

/** The typed description of a product-facing topic. */
export function consumableTopic<N extends ConsumableTopicName>(name: N): AvroTopic<ConsumableTopicTypes[N]> {
  const definition = CONSUMABLE_TOPICS[name];
  return { topic: name, subject: definition.subject, schema: definition.schema };
}

export interface ConsumedRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  /** tenantId:… as Ferry keys it; all records about one thing share a key and arrive in order. */
  key: string | null;
  tenantId: string | undefined;
  value: T;
  headers: Record<string, string>;
}

export interface UndecodableRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  error: FerryClientError;
}

export interface ConsumeOptions {
  /** The consumer group: the product's own, under the prefix its Ferry operator granted it. */
  groupId: string;
  /** Read from the earliest record when the group has no committed offset yet (default: only new records). */
  fromBeginning?: boolean;
  /**
   * Partitions handled at once (default 1). Order holds within a partition whatever the number: a record's
   * changes share its key, and so its partition.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * What to do with a record that cannot be decoded. Without it the consumer stops at that record (it is never
   * skipped silently); with it the record is handed here and consumption goes on.
   */
  onUndecodable?: (record: UndecodableRecord) => Promise<void> | void;
}

/**
 * Reads one Avro topic in order per record: within a partition each record is handed to the handler only after
 * the one before it was handled, and its offset is committed only after the handler returned. A handler that
 * throws gets the same record again (after kafkajs restarts the consumer), and nothing after it on that partition
 * runs first: at-least-once, so handlers should be idempotent (statusId and eventId make that easy).
 */
export class FerryConsumer<T> {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly registry: SchemaRegistryReader,
    private readonly source: AvroTopic<T>,
    private readonly options: ConsumeOptions,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId });
  }

  async start(handler: (record: ConsumedRecord<T>) => Promise<void>): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.source.topic, fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: async ({ topic, partition, message }) => {
        const key = message.key?.toString('utf8') ?? null;
        let value: T;
        try {
          const { schemaId, body } = confluentFrame(message.value);
          value = decodeInto<T>(this.source.schema, await this.registry.schemaOf(schemaId), body);
        } catch (error) {
          const failure =
            error instanceof FerryClientError
              ? error
              : new FerryClientError('UNDECODABLE_RECORD', `cannot read the record as ${this.source.subject}: ${(error as Error).message}`);
          if (failure.retryable || !this.options.onUndecodable) throw failure;
          await this.options.onUndecodable({ topic, partition, offset: message.offset, key, error: failure });
          return;
        }
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).flatMap(([name, header]) =>
            header === undefined ? [] : [[name, Array.isArray(header) ? header.map(String).join(',') : String(header)]],
          ),
        );
        await handler({ topic, partition, offset: message.offset, key, tenantId: tenantOfKey(key), value, headers });
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
