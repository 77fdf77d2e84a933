import type { ConsumerRunConfig, EachBatchPayload, Kafka, ProducerConfig } from 'kafkajs';
import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { createLogger } from '@ferry/logging';
import type { AvroCodec } from './avro-codec';
import { EventProducer } from './event-producer';
import { currentKafkaTransaction } from './kafka-transaction-context';
import { TopicConsumer, type ConsumedMessage } from './topic-consumer';

/**
 * TopicConsumer with Kafka faked: the fake transactional producer keeps kafkajs' transaction states, in
 * particular that a commit or abort whose EndTxn fails leaves it in COMMITTING / ABORTING for good.
 * The same paths against the real broker are in topic-consumer.int-spec.ts.
 */
class FakeTransactionalProducer {
  state: 'READY' | 'TRANSACTING' | 'COMMITTING' | 'ABORTING' = 'READY';
  readonly failures: { commit: Error[]; abort: Error[]; connect: Error[]; sendBatch: Error[] } = {
    commit: [],
    abort: [],
    connect: [],
    sendBatch: [],
  };
  /** Produce requests made in transactions: one per send, one per sendBatch. */
  readonly requests: ('send' | 'sendBatch')[] = [];
  readonly committed: { offsets: string; messages: string[] }[] = [];
  disconnected = false;

  constructor(readonly transactionalId: string | undefined) {}

  async connect(): Promise<void> {
    const failure = this.failures.connect.shift();
    if (failure) throw failure;
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }

  async transaction() {
    if (this.state !== 'READY')
      throw new KafkaJSNonRetriableError(`Transaction state exception: Cannot call "beginTransaction" in state "${this.state}"`);
    this.state = 'TRANSACTING';
    let ended = false;
    let offsets = '';
    const sent: string[] = [];
    const isActive = () => this.state === 'TRANSACTING' && !ended;
    const end = async (to: 'COMMITTING' | 'ABORTING', failures: Error[]) => {
      if (!isActive()) throw new KafkaJSNonRetriableError('Cannot continue to use transaction once ended');
      this.state = to;
      const failure = failures.shift();
      if (failure) throw failure;
      this.state = 'READY';
      ended = true;
    };
    return {
      isActive,
      send: async ({ messages }: { messages: { value: string | Buffer }[] }) => {
        this.requests.push('send');
        sent.push(...messages.map((m) => String(m.value)));
      },
      sendBatch: async ({ topicMessages }: { topicMessages: { messages: { value: string | Buffer }[] }[] }) => {
        this.requests.push('sendBatch');
        const failure = this.failures.sendBatch.shift();
        if (failure) throw failure;
        for (const { messages } of topicMessages) sent.push(...messages.map((m) => String(m.value)));
      },
      sendOffsets: async ({ topics }: { topics: { partitions: { offset: string }[] }[] }) => {
        offsets = topics[0]?.partitions[0]?.offset ?? '';
      },
      commit: async () => {
        await end('COMMITTING', this.failures.commit);
        this.committed.push({ offsets, messages: sent });
      },
      abort: () => end('ABORTING', this.failures.abort),
    };
  }
}

function fakeKafka() {
  const producers: FakeTransactionalProducer[] = [];
  /** What the next producers created answer connect() with, one each. */
  const connectFailures: Error[] = [];
  let run: ConsumerRunConfig | undefined;
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: ConsumerRunConfig) => void (run = config),
    disconnect: async () => undefined,
  };
  const kafka = {
    consumer: () => consumer,
    producer: (config: ProducerConfig) => {
      const producer = new FakeTransactionalProducer(config.transactionalId);
      const connectFailure = connectFailures.shift();
      if (connectFailure) producer.failures.connect.push(connectFailure);
      producers.push(producer);
      return producer;
    },
  } as unknown as Kafka;
  const resolved: string[] = [];
  /** Hands the consumer one fetched batch, as kafkajs would. */
  const deliver = (offsets: number[]) =>
    run!.eachBatch!({
      batch: {
        topic: 'in',
        partition: 0,
        messages: offsets.map((offset) => ({
          offset: String(offset),
          key: Buffer.from('tenant-1'),
          value: Buffer.from(JSON.stringify({ n: offset })),
          headers: {},
          timestamp: '0',
        })),
      },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload);
  return { kafka, producers, connectFailures, deliver, resolved };
}

const codec = {
  decode: async (value: Buffer) => ({ value: JSON.parse(value.toString()) as unknown, recordName: 'test.Record' }),
} as unknown as AvroCodec;
const coordinatorAway = () =>
  new KafkaJSProtocolError({
    type: 'COORDINATOR_NOT_AVAILABLE',
    code: 15,
    retriable: true,
    message: 'The coordinator is not available',
  } as unknown as Error);

async function transactionalConsumer(handle: (message: ConsumedMessage<{ n: number }>) => Promise<void> = async () => undefined) {
  const fake = fakeKafka();
  const consumer = new TopicConsumer<{ n: number }>(fake.kafka, codec, createLogger('topic-consumer-spec', 'silent'), {
    service: 'spec',
    groupId: 'spec-group',
    topics: ['in'],
    transactionalId: 'spec-tx',
    handle: async (message) => {
      await currentKafkaTransaction()!.transaction.send({ topic: 'out', messages: [{ value: `out-${message.value.n}` }] });
      await handle(message);
    },
  });
  await consumer.start();
  return { ...fake, consumer };
}

describe('TopicConsumer in Kafka transactions', () => {
  it('commits the output with the offsets and resolves them', async () => {
    const { producers, deliver, resolved } = await transactionalConsumer();
    await deliver([0, 1]);
    expect(producers).toHaveLength(1);
    expect(producers[0]!.committed).toEqual([{ offsets: '2', messages: ['out-0', 'out-1'] }]);
    expect(resolved).toEqual(['0', '1']);
  });

  it('replaces a producer whose commit failed (left in COMMITTING), so the batch read again commits', async () => {
    const { producers, deliver, resolved } = await transactionalConsumer();
    producers[0]!.failures.commit.push(coordinatorAway());

    await expect(deliver([0, 1])).rejects.toThrow('coordinator is not available');
    expect(resolved).toEqual([]);
    await deliver([0, 1]);

    expect(producers.map((producer) => producer.transactionalId)).toEqual(['spec-tx', 'spec-tx']);
    expect(producers[0]!.disconnected).toBe(true);
    expect(producers[1]!.committed).toEqual([{ offsets: '2', messages: ['out-0', 'out-1'] }]);
    expect(resolved).toEqual(['0', '1']);
  });

  it('replaces a producer whose abort failed (left in ABORTING) after a handler could not finish', async () => {
    let platformDown = true;
    const { producers, deliver, resolved } = await transactionalConsumer(async () => {
      if (platformDown) throw new Error('database away');
    });
    producers[0]!.failures.abort.push(coordinatorAway());

    await expect(deliver([0])).rejects.toThrow('database away');
    expect(producers).toHaveLength(2);
    expect(producers[0]!.disconnected).toBe(true);
    platformDown = false;
    await deliver([0]);

    expect(producers[1]!.committed).toEqual([{ offsets: '1', messages: ['out-0'] }]);
    expect(resolved).toEqual(['0']);
  });

  it('keeps the producer when only the handler failed: the chunk is aborted and read again', async () => {
    let failures = 1;
    const { producers, deliver, resolved } = await transactionalConsumer(async () => {
      if (failures-- > 0) throw new Error('database away');
    });
    await expect(deliver([0])).rejects.toThrow('database away');
    await deliver([0]);
    expect(producers).toHaveLength(1);
    expect(producers[0]!.committed).toEqual([{ offsets: '1', messages: ['out-0'] }]);
    expect(resolved).toEqual(['0']);
  });

  it('does not replace the producer of a member that is leaving the group', async () => {
    const { consumer, producers, deliver } = await transactionalConsumer();
    producers[0]!.failures.commit.push(coordinatorAway());
    await consumer.stop();

    await expect(deliver([0])).rejects.toThrow('coordinator is not available');
    expect(producers).toHaveLength(1);
    expect(producers[0]!.disconnected).toBe(true);
  });

  it('tries the replacement again before the next batch while Kafka is still away, committing nothing until then', async () => {
    const { producers, connectFailures, deliver, resolved } = await transactionalConsumer();
    producers[0]!.failures.commit.push(coordinatorAway());
    connectFailures.push(new Error('Connection error: ECONNREFUSED'), new Error('Connection error: ECONNREFUSED'));

    await expect(deliver([0])).rejects.toThrow('coordinator is not available');
    await expect(deliver([0])).rejects.toThrow('ECONNREFUSED');
    expect(resolved).toEqual([]);
    await deliver([0]);

    expect(producers).toHaveLength(4);
    expect(producers.slice(0, 3).map((producer) => producer.committed)).toEqual([[], [], []]);
    expect(producers[3]!.committed).toEqual([{ offsets: '1', messages: ['out-0'] }]);
    expect(resolved).toEqual(['0']);
  });

  describe('output published through EventProducer', () => {
    async function publishingConsumer() {
      const fake = fakeKafka();
      const producer = new EventProducer(fake.kafka, codec);
      const consumer = new TopicConsumer<{ n: number }>(fake.kafka, codec, createLogger('topic-consumer-spec', 'silent'), {
        service: 'spec',
        groupId: 'spec-group',
        topics: ['in'],
        transactionalId: 'spec-tx',
        handle: (message) => producer.publishRaw({ topic: 'out', key: 'tenant-1:x', value: Buffer.from(`out-${message.value.n}`) }),
      });
      await consumer.start();
      // fake.producers[0] is EventProducer's own (outside transactions); [1] is the consumer's transactional one.
      return { ...fake, transactional: () => fake.producers[fake.producers.length - 1]! };
    }

    it('is gathered and sent in one request at the chunk’s commit, in order, with the offsets', async () => {
      const { transactional, deliver, resolved } = await publishingConsumer();
      await deliver([0, 1, 2]);

      expect(transactional().requests).toEqual(['sendBatch']);
      expect(transactional().committed).toEqual([{ offsets: '3', messages: ['out-0', 'out-1', 'out-2'] }]);
      expect(resolved).toEqual(['0', '1', '2']);
    });

    it('is sent one message at a time when the chunk is read again after its gathered send failed', async () => {
      const { transactional, deliver, resolved } = await publishingConsumer();
      transactional().failures.sendBatch.push(new Error('the broker refused the request'));

      await expect(deliver([0, 1, 2])).rejects.toThrow('the broker refused the request');
      expect(resolved).toEqual([]);
      await deliver([0, 1, 2]);
      // Past the failed chunk, output is gathered again.
      await deliver([3, 4]);

      expect(transactional().requests).toEqual(['sendBatch', 'send', 'send', 'send', 'sendBatch']);
      expect(transactional().committed).toEqual([
        { offsets: '3', messages: ['out-0', 'out-1', 'out-2'] },
        { offsets: '5', messages: ['out-3', 'out-4'] },
      ]);
      expect(resolved).toEqual(['0', '1', '2', '3', '4']);
    });
  });
});
