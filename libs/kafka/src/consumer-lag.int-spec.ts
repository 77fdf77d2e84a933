import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ConsumerLagCollector } from './consumer-lag';
import { kafkaSecurityConfig } from './kafka-client';
import { stackUnderTest } from './stack-under-test';

const stack = stackUnderTest(process.env);

describe('ConsumerLagCollector against the real broker', () => {
  const kafka = new Kafka({
    clientId: 'ferry-lag-test',
    brokers: stack.brokers,
    ...kafkaSecurityConfig(stack.security.kafka),
    logLevel: logLevel.NOTHING,
  });
  const run = randomUUID().slice(0, 8);
  const prefix = `ferry-lagtest-${run}`;
  const topic = `ferry.lag-test.${run}`;
  const group = `${prefix}-transformation`;
  const collector = new ConsumerLagCollector(kafka, prefix);
  const producer = kafka.producer();

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await collector.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const send = (count: number, from: number) =>
    producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}`, partition: (from + i) % 2 })),
    });

  it('reports what the group consumed and committed, and the lag once new messages arrive while it is away', async () => {
    await send(3, 0);
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void (seen += 1) });
    const deadline = Date.now() + 30_000;
    while (seen < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await consumer.disconnect(); // commits what it consumed
    expect(seen).toBe(3);
    expect(await collector.collect()).toEqual([{ group, topic, lag: 0, committed: 3 }]);

    await send(2, 3);
    expect(await collector.collect()).toEqual([{ group, topic, lag: 2, committed: 3 }]);
  });

  it('leaves out groups of other deployments', async () => {
    const other = new ConsumerLagCollector(kafka, `ferry-lagtest-other-${run}`);
    try {
      expect(await other.collect()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
