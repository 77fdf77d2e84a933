import type { ConsumerRunConfig, EachMessagePayload, Kafka } from 'kafkajs';
import { encodeConfluent, avroType } from './avro-wire';
import type { FerryClientError } from './client-errors';
import { FerryConsumer, consumableTopic, type ConsumedRecord } from './ferry-consumer';
import type { SyncStatus } from './generated/contracts.generated';
import type { SchemaRegistryReader } from './schema-registry-reader';

const topic = consumableTopic('ferry.sync-status.v1');
const registry = { schemaOf: async () => topic.schema } as unknown as SchemaRegistryReader;

function status(eventId: string, value: string): SyncStatus {
  return {
    statusId: `s-${eventId}-${value}`,
    eventId,
    tenantId: 'acme',
    correlationId: 'c',
    entityType: 'customer',
    entityId: 'cust-1',
    entityVersion: 1,
    stage: 'delivery',
    status: value,
    recordedAt: 1,
  };
}

/** A kafkajs stand-in that hands each message to eachMessage the way kafkajs does, and records what it was asked. */
function fakeKafka() {
  let run: ConsumerRunConfig | undefined;
  const kafka = {
    consumer: () => ({
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: ConsumerRunConfig) => void (run = config),
      disconnect: async () => undefined,
    }),
  } as unknown as Kafka;
  const deliver = (offset: number, value: Buffer, key = 'acme:customer:cust-1') =>
    run!.eachMessage!({
      topic: topic.topic,
      partition: 0,
      message: { key: Buffer.from(key), value, offset: String(offset), headers: { 'ferry-correlation-id': Buffer.from('c') } },
    } as unknown as EachMessagePayload);
  return { kafka, deliver, config: () => run! };
}

const encoded = (value: SyncStatus) => encodeConfluent(5, avroType(topic.schema), value, 'SyncStatus');

describe('FerryConsumer', () => {
  it('hands typed records to the handler one partition at a time, offsets committed by kafkajs after each', async () => {
    const { kafka, deliver, config } = fakeKafka();
    const seen: ConsumedRecord<SyncStatus>[] = [];
    await new FerryConsumer(kafka, registry, topic, { groupId: 'g' }).start(async (record) => void seen.push(record));
    await deliver(1, encoded(status('e-1', 'retrying')));
    await deliver(2, encoded(status('e-1', 'delivered')));
    expect(config()).toMatchObject({ autoCommit: true, partitionsConsumedConcurrently: 1 });
    expect(seen.map((record) => [record.offset, record.value.status, record.tenantId, record.headers['ferry-correlation-id']])).toEqual([
      ['1', 'retrying', 'acme', 'c'],
      ['2', 'delivered', 'acme', 'c'],
    ]);
  });

  it('lets a failing handler’s error through, so kafkajs does not commit and hands the record again', async () => {
    const { kafka, deliver } = fakeKafka();
    await new FerryConsumer(kafka, registry, topic, { groupId: 'g' }).start(async () => {
      throw new Error('product database down');
    });
    await expect(deliver(1, encoded(status('e-1', 'delivered')))).rejects.toThrow('product database down');
  });

  it('stops at an undecodable record unless told where to put it', async () => {
    const stopping = fakeKafka();
    await new FerryConsumer(stopping.kafka, registry, topic, { groupId: 'g' }).start(async () => undefined);
    await expect(stopping.deliver(1, Buffer.from('{"json":true}'))).rejects.toMatchObject({ code: 'NOT_CONFLUENT_AVRO' });

    const handing = fakeKafka();
    const undecodable: FerryClientError[] = [];
    const seen: string[] = [];
    await new FerryConsumer(handing.kafka, registry, topic, {
      groupId: 'g',
      onUndecodable: ({ error }) => void undecodable.push(error),
    }).start(async (record) => void seen.push(record.value.eventId));
    await handing.deliver(1, Buffer.from('{"json":true}'));
    await handing.deliver(2, encoded(status('e-2', 'delivered')));
    expect(undecodable.map((error) => error.code)).toEqual(['NOT_CONFLUENT_AVRO']);
    expect(seen).toEqual(['e-2']);
  });
});
