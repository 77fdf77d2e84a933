import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { SchemaCatalog } from '@ferry/contracts';
import { AvroCodec, RegistryConnection, kafkaSecurityConfig } from '@ferry/kafka';
import { principalSecurity, testStack } from './test-stack';

/** A Kafka client on the test stack as `principal` (deploy/local/principals.json), by default as the stack's admin. */
export function testKafka(clientId = 'ferry-test', principal?: string): Kafka {
  const stack = testStack();
  return new Kafka({
    clientId,
    brokers: stack.kafkaBrokers,
    ...kafkaSecurityConfig(principalSecurity(stack, principal).kafka),
    logLevel: logLevel.NOTHING,
  });
}

/** The registry as `principal` (default: the stack's admin), e.g. testRegistry('product').schemaRegistry(). */
export function testRegistry(principal?: string): RegistryConnection {
  const stack = testStack();
  return new RegistryConnection({ url: stack.registryUrl, ...principalSecurity(stack, principal).registry });
}

export function testCodec(principal?: string): AvroCodec {
  return new AvroCodec(testRegistry(principal), SchemaCatalog.load());
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
