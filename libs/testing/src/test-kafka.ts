import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { SchemaCatalog } from '@ferry/contracts';
import { AvroCodec } from '@ferry/kafka';
import { testStack } from './test-stack';

export function testKafka(clientId = 'ferry-test'): Kafka {
  return new Kafka({ clientId, brokers: testStack().kafkaBrokers, logLevel: logLevel.NOTHING });
}

export function testCodec(): AvroCodec {
  return AvroCodec.create(testStack().registryUrl, SchemaCatalog.load());
}

export interface CollectedMessage<T> {
  key: string | null;
  value: T;
  recordName: string;
  partition: number;
  offset: string;
}

/**
 * Reads a topic from the beginning into memory, decoded, for assertions. Each collector is its own consumer
 * group, so tests never steal messages from the services under test.
 */
export class TopicCollector<T = unknown> {
  readonly messages: CollectedMessage<T>[] = [];
  readonly undecodable: { key: string | null; error: string }[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly topic: string,
    private readonly codec: AvroCodec = testCodec(),
    private readonly kafka: Kafka = testKafka(),
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `ferry-test-collector-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        const key = message.key?.toString('utf8') ?? null;
        try {
          const decoded = await this.codec.decode<T>(message.value);
          this.messages.push({ key, value: decoded.value, recordName: decoded.recordName, partition, offset: message.offset });
        } catch (error) {
          this.undecodable.push({ key, error: (error as Error).message });
        }
      },
    });
    return this;
  }

  where(predicate: (value: T, message: CollectedMessage<T>) => boolean): CollectedMessage<T>[] {
    return this.messages.filter((message) => predicate(message.value, message));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
