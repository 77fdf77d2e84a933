import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaCatalog, Subjects, Topics, type CustomerUpserted, type DeadLetterRecord } from '@ferry/contracts';
import { createLogger } from '@ferry/logging';
import { AvroCodec } from './avro-codec';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventProducer } from './event-producer';
import { kafkaSecurityConfig } from './kafka-client';
import { infrastructure, permanent, retryable } from './processing.error';
import { stackUnderTest } from './stack-under-test';
import { TopicConsumer, type ConsumedMessage, type TopicConsumerOptions } from './topic-consumer';

/**
 * TopicConsumer against the real local Kafka and registry (super user): real topics, groups, transactions and
 * dead-letter topic, unique per run and deleted afterwards. Only the handlers are the test's own. Transactional
 * ids cannot be deleted through the admin API; the broker expires them (transactional.id.expiration.ms).
 */
const stack = stackUnderTest(process.env);
const kafka = new Kafka({
  clientId: 'ferry-topic-consumer-test',
  brokers: stack.brokers,
  ...kafkaSecurityConfig(stack.security.kafka),
  logLevel: logLevel.NOTHING,
});
const codec = AvroCodec.create({ url: stack.registryUrl, ...stack.security.registry }, SchemaCatalog.load());
const logger = createLogger('topic-consumer-int-spec', 'silent');
const run = randomUUID().slice(0, 8);
const service = `consumer-test-${run}`;
const tenantId = `tenant-${run}`;

const topics: string[] = [];
const groups: string[] = [];
const consumers: TopicConsumer<CustomerUpserted>[] = [];
const inputProducer = kafka.producer();
const eventProducer = new EventProducer(kafka, codec);

async function createTopic(name: string): Promise<string> {
  const topic = name.startsWith('ferry.dead-letter.') ? name : `ferry.consumer-test.${run}.${name}`;
  topics.push(topic);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

function group(name: string): string {
  const id = `ferry-consumer-test-${run}-${name}`;
  groups.push(id);
  return id;
}

const customer = (customerId: string): CustomerUpserted => ({
  envelope: {
    eventId: randomUUID(),
    tenantId,
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: Date.now(),
    sourceSystem: 'product',
    entityId: customerId,
    entityVersion: 1,
  },
  customer: { customerId, name: `Customer ${customerId}`, currency: 'EUR', status: 'active', hierarchy: { depth: 0 } },
});

async function send(topic: string, customerIds: string[]): Promise<void> {
  const messages = await Promise.all(
    customerIds.map(async (id) => ({ key: tenantId, value: await codec.encode(Subjects.CustomerUpserted, customer(id)) })),
  );
  await inputProducer.send({ topic, acks: -1, messages });
}

async function startConsumer(
  options: Omit<TopicConsumerOptions<CustomerUpserted>, 'service' | 'topics'> & { topic: string },
): Promise<TopicConsumer<CustomerUpserted>> {
  const { topic, ...rest } = options;
  const consumer = new TopicConsumer<CustomerUpserted>(kafka, codec, logger, { service, topics: [topic], sessionTimeoutMs: 6000, ...rest });
  consumers.push(consumer);
  await consumer.start();
  return consumer;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function waitForCommitted(groupId: string, topic: string, offset: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await committedOffset(groupId, topic)) !== offset) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${groupId} to commit ${offset} on ${topic}`);
    await sleep(200);
  }
}

async function committedOffset(groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every value on a topic, decoded, as a reader with the given isolation sees it: waits for `expected` of them,
 * then a little longer, so a duplicate arriving late is seen too.
 */
async function readAll<V>(topic: string, expected: number, options: { readUncommitted?: boolean } = {}): Promise<V[]> {
  const reader = kafka.consumer({
    groupId: group(`reader-${randomUUID().slice(0, 6)}`),
    readUncommitted: options.readUncommitted ?? false,
  });
  const values: V[] = [];
  await reader.connect();
  try {
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void values.push((await codec.decode<V>(message.value)).value) });
    await waitFor(() => values.length >= expected, `${expected} messages on ${topic}`);
    await sleep(2000);
  } finally {
    await reader.disconnect();
  }
  return values;
}

const idsOf = (messages: CustomerUpserted[]) => messages.map((message) => message.customer.customerId);

beforeAll(async () => {
  await inputProducer.connect();
  await eventProducer.connect();
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop().catch(() => undefined)));
  await inputProducer.disconnect();
  await eventProducer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

describe('TopicConsumer against the real broker', () => {
  it('hands each message to the handler once, in order, and commits it, so a later member starts after it', async () => {
    const topic = await createTopic('plain');
    const groupId = group('plain');
    const seen: string[] = [];
    const handle = async (message: ConsumedMessage<CustomerUpserted>) => void seen.push(message.value.customer.customerId);
    await send(topic, ['a', 'b', 'c']);

    const first = await startConsumer({ topic, groupId, handle });
    await waitFor(() => seen.length >= 3, 'the first three messages');
    await first.stop();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(await committedOffset(groupId, topic)).toBe('3');

    await send(topic, ['d']);
    const second = await startConsumer({ topic, groupId, handle });
    await waitFor(() => seen.length >= 4, 'the message sent while no member was running');
    await sleep(1000);
    await second.stop();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(await committedOffset(groupId, topic)).toBe('4');
  });

  it('retries a retryable failure, dead-letters it once its tries are used up (and a permanent one at once), and goes on', async () => {
    const topic = await createTopic('failing');
    const deadLetterTopic = await createTopic(Topics.deadLetter(service));
    const groupId = group('failing');
    const tries = new Map<string, number[]>();
    const processed: string[] = [];
    const deadLettered: DeadLetterRecord[] = [];
    await send(topic, ['flaky', 'broken', 'bad', 'ok']);

    const consumer = await startConsumer({
      topic,
      groupId,
      maxAttempts: 3,
      retryBaseDelayMs: 50,
      deadLetter: new DeadLetterPublisher(service, eventProducer, logger),
      onDeadLettered: async (record) => void deadLettered.push(record),
      handle: async ({ value, attempt }) => {
        const id = value.customer.customerId;
        tries.set(id, [...(tries.get(id) ?? []), attempt]);
        if (id === 'flaky' && attempt === 1) throw retryable('ERP_UNAVAILABLE', 'the ERP answered 503');
        if (id === 'broken') throw retryable('ERP_UNAVAILABLE', 'the ERP answered 503 again');
        if (id === 'bad') throw permanent('VALIDATION_FAILED', 'currency missing', 'validation');
        processed.push(id);
      },
    });
    await waitFor(() => processed.includes('ok'), 'the message after the failing ones');
    await consumer.stop();

    expect(Object.fromEntries(tries)).toEqual({ flaky: [1, 2], broken: [1, 2, 3], bad: [1], ok: [1] });
    expect(processed).toEqual(['flaky', 'ok']);
    expect(await committedOffset(groupId, topic)).toBe('4');
    const parked = await readAll<DeadLetterRecord>(deadLetterTopic, 2);
    expect(
      parked.map(({ sourceTopic, sourceOffset, errorClass, errorCode, attempts }) => ({
        sourceTopic,
        sourceOffset,
        errorClass,
        errorCode,
        attempts,
      })),
    ).toEqual([
      { sourceTopic: topic, sourceOffset: '1', errorClass: 'retryable', errorCode: 'ERP_UNAVAILABLE', attempts: 3 },
      { sourceTopic: topic, sourceOffset: '2', errorClass: 'validation', errorCode: 'VALIDATION_FAILED', attempts: 1 },
    ]);
    expect(deadLettered.map((record) => record.deadLetterId)).toEqual(parked.map((record) => record.deadLetterId));
  });

  it('writes transactional output exactly once when a hung member is replaced by a restarted one mid-transaction', async () => {
    const input = await createTopic('tx-in');
    const output = await createTopic('tx-out');
    const groupId = group('tx');
    const transactionalId = `ferry-consumer-test-${run}-tx`;
    const copy =
      (lifeSeen: string[], hangOn?: { id: string; until: Promise<void> }) => async (message: ConsumedMessage<CustomerUpserted>) => {
        const id = message.value.customer.customerId;
        lifeSeen.push(id);
        await eventProducer.publishRaw({ topic: output, key: tenantId, value: message.raw! });
        // The output above is gathered for the open transaction's commit; the member then stops answering mid-chunk.
        if (id === hangOn?.id) await hangOn.until;
      };
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const firstLife: string[] = [];
    const secondLife: string[] = [];

    await send(input, ['c0', 'c1', 'c2']);
    const first = await startConsumer({ topic: input, groupId, transactionalId, handle: copy(firstLife, { id: 'c3', until: hung }) });
    await waitFor(() => firstLife.length >= 3, 'the first life to copy c0..c2');
    await waitForCommitted(groupId, input, '3');
    await send(input, ['c3', 'c4', 'c5']);
    await waitFor(() => firstLife.includes('c3'), 'the first life to take c3');

    // The replica restarts under the same transactional id: its first transaction fences the hung one and has
    // the broker abort what it left open; it takes the partition once the hung member's session expires.
    const second = await startConsumer({ topic: input, groupId, transactionalId, handle: copy(secondLife) });
    await waitFor(() => secondLife.includes('c5'), 'the second life to copy c3..c5', 90_000);
    const stopping = first.stop();
    release();
    await stopping;
    await second.stop();

    expect(firstLife).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(secondLife).toEqual(['c3', 'c4', 'c5']);
    expect(idsOf(await readAll<CustomerUpserted>(output, 6))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    // The hung life's copy of c3 was gathered for a commit that never came, so it never reached the broker: even a
    // reader of uncommitted data sees each record once (a copy sent by the hung life would come before the second's c3).
    expect(idsOf(await readAll<CustomerUpserted>(output, 6, { readUncommitted: true }))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(await committedOffset(groupId, input)).toBe('6');
  });

  it('replaces its transactional producer after being fenced, reads the batch again and goes on exactly once', async () => {
    const input = await createTopic('fenced-in');
    const output = await createTopic('fenced-out');
    const groupId = group('fenced');
    const transactionalId = `ferry-consumer-test-${run}-fenced`;
    const seen: string[] = [];
    let fenced = false;
    await send(input, ['f0', 'f1', 'f2']);

    const consumer = await startConsumer({
      topic: input,
      groupId,
      transactionalId,
      handle: async (message) => {
        seen.push(message.value.customer.customerId);
        if (!fenced) {
          // Another producer initialises our transactional id (as a restarted replica would): ours is fenced,
          // and kafkajs never initialises it again by itself, so without a new producer every batch fails.
          fenced = true;
          const intruder = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
          await intruder.connect();
          await (await intruder.transaction()).abort();
          await intruder.disconnect();
        }
        await eventProducer.publishRaw({ topic: output, key: tenantId, value: message.raw! });
      },
    });
    // The fence shows when the chunk's gathered output is sent at its commit: the whole chunk is read again.
    const readAgainAndFinished = () => seen.filter((id) => id === 'f0').length === 2 && seen.lastIndexOf('f2') > seen.lastIndexOf('f0');
    await waitFor(readAgainAndFinished, 'the batch to be read again and finished', 90_000);
    await send(input, ['f3']);
    await waitFor(() => seen.includes('f3'), 'a message sent after the incident');
    await consumer.stop();

    expect(seen.filter((id) => id === 'f0')).toHaveLength(2);
    expect(seen.slice(seen.lastIndexOf('f0'))).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(idsOf(await readAll<CustomerUpserted>(output, 4))).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(await committedOffset(groupId, input)).toBe('4');
  });

  it('does not commit an infrastructure failure: the same member reads the message again', async () => {
    const topic = await createTopic('infra');
    const groupId = group('infra');
    const seen: number[] = [];
    await send(topic, ['i0']);
    const consumer = await startConsumer({
      topic,
      groupId,
      deadLetter: new DeadLetterPublisher(service, eventProducer, logger),
      handle: async ({ attempt }) => {
        seen.push(attempt);
        if (seen.length === 1) throw infrastructure('DATABASE_UNAVAILABLE', 'PostgreSQL is away');
      },
    });
    await waitFor(() => seen.length >= 2, 'the message to be read again');
    await consumer.stop();
    // Read again from Kafka, not retried in place: each delivery is a first attempt.
    expect(seen).toEqual([1, 1]);
    expect(await committedOffset(groupId, topic)).toBe('1');
  });
});
