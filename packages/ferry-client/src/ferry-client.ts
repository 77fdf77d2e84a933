import { Kafka, type KafkaConfig } from 'kafkajs';
import {
  FerryConsumer,
  consumableTopic,
  type AvroTopic,
  type ConsumableTopicName,
  type ConsumedRecord,
  type ConsumeOptions,
} from './ferry-consumer';
import type { ConsumableTopicTypes } from './generated/catalog.generated';
import { FerryProducer } from './ferry-producer';
import { SchemaRegistryReader, type RegistrySettings } from './schema-registry-reader';

export interface FerryClientSettings {
  /** A kafkajs client of the product's, or the settings to make one (brokers, ssl, sasl, clientId). */
  kafka: Kafka | KafkaConfig;
  /** Ferry's schema registry (read-only access is enough). */
  registry: RegistrySettings;
}

/** The product's side of Ferry: a producer of canonical events and typed consumers of Ferry's product-facing topics. */
export class FerryClient {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistryReader;

  constructor(settings: FerryClientSettings) {
    // Duck-typed, not instanceof: the product's kafkajs may be another copy of the package than the client's.
    this.kafka = isKafka(settings.kafka) ? settings.kafka : new Kafka(settings.kafka);
    this.registry = new SchemaRegistryReader(settings.registry);
  }

  /** A connected producer of canonical events. */
  async producer(): Promise<FerryProducer> {
    const producer = new FerryProducer(this.kafka, this.registry);
    await producer.connect();
    return producer;
  }

  /** Starts a typed consumer of a product-facing topic (e.g. 'ferry.sync-status.v1'); stop() ends it. */
  async consume<N extends ConsumableTopicName>(
    topic: N,
    options: ConsumeOptions,
    handler: (record: ConsumedRecord<ConsumableTopicTypes[N]>) => Promise<void>,
  ): Promise<FerryConsumer<ConsumableTopicTypes[N]>> {
    return this.consumeAvro(consumableTopic(topic), options, handler);
  }

  /** Starts a consumer of any Avro topic described by an AvroTopic (topic, subject, reader schema). */
  async consumeAvro<T>(
    source: AvroTopic<T>,
    options: ConsumeOptions,
    handler: (record: ConsumedRecord<T>) => Promise<void>,
  ): Promise<FerryConsumer<T>> {
    const consumer = new FerryConsumer<T>(this.kafka, this.registry, source, options);
    await consumer.start(handler);
    return consumer;
  }
}

function isKafka(kafka: Kafka | KafkaConfig): kafka is Kafka {
  return typeof (kafka as Kafka).producer === 'function' && typeof (kafka as Kafka).consumer === 'function';
}
