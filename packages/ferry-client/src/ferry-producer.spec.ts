import type { Kafka, ProducerConfig, ProducerRecord } from 'kafkajs';
import { confluentFrame } from './avro-wire';
import { FerryProducer } from './ferry-producer';
import type { CustomerUpserted } from './generated/contracts.generated';
import { Subjects } from './generated/contracts.generated';
import type { SchemaRegistryReader } from './schema-registry-reader';
import { tenantPartitioner } from './tenant-partitioner';

function fakeKafka() {
  const sent: ProducerRecord[] = [];
  const configs: ProducerConfig[] = [];
  const kafka = {
    producer: (config: ProducerConfig) => {
      configs.push(config);
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async (record: ProducerRecord) => void sent.push(record),
      };
    },
  } as unknown as Kafka;
  return { kafka, sent, configs };
}

const lookups: [string, string][] = [];
const registry = {
  idOf: async (subject: string, schema: string) => {
    lookups.push([subject, schema]);
    return 17;
  },
} as unknown as SchemaRegistryReader;

function customer(tenantId: string, overrides: Partial<CustomerUpserted['envelope']> = {}): CustomerUpserted {
  return {
    envelope: {
      eventId: 'e-1',
      tenantId,
      correlationId: 'c-1',
      occurredAt: 1,
      sourceSystem: 'product',
      entityId: 'cust-1',
      entityVersion: 1,
      ...overrides,
    },
    customer: { customerId: 'cust-1', name: 'Acme', currency: 'USD', status: 'active', hierarchy: { depth: 0 } },
  };
}

describe('FerryProducer', () => {
  it('is idempotent, one request in flight, partitioned by tenant', () => {
    const { kafka, configs } = fakeKafka();
    new FerryProducer(kafka, registry);
    expect(configs).toEqual([{ idempotent: true, maxInFlightRequests: 1, createPartitioner: tenantPartitioner }]);
  });

  it('publishes to the product-events topic, keyed tenant:entityType:entityId, with the id Ferry registered', async () => {
    const { kafka, sent } = fakeKafka();
    const published = await new FerryProducer(kafka, registry).publish(Subjects.CustomerUpserted, customer('acme'));
    expect(published).toEqual({ eventId: 'e-1', key: 'acme:customer:cust-1' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: 'ferry.product-events.v1', acks: -1, messages: [{ key: 'acme:customer:cust-1' }] });
    expect(confluentFrame(sent[0]!.messages[0]!.value as Buffer).schemaId).toBe(17);
    expect(lookups.at(-1)?.[0]).toBe(Subjects.CustomerUpserted);
  });

  it.each<[string, CustomerUpserted, RegExp]>([
    ['a tenant id with ":" (it would split the key)', customer('acme:eu'), /tenantId/],
    ['an empty tenant id', customer(''), /tenantId/],
    ['an empty entity id', customer('acme', { entityId: '' }), /entityId/],
    ['an empty event id', customer('acme', { eventId: '' }), /eventId/],
    [
      'a body the schema refuses',
      { ...customer('acme'), customer: { name: 'no id' } } as unknown as CustomerUpserted,
      /customerId|INVALID|customer/,
    ],
  ])('refuses %s and sends nothing of the batch', async (_case, event, message) => {
    const { kafka, sent } = fakeKafka();
    const producer = new FerryProducer(kafka, registry);
    await expect(
      producer.publishAll([
        [Subjects.CustomerUpserted, customer('acme')],
        [Subjects.CustomerUpserted, event],
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT', message: expect.stringMatching(message) as string });
    expect(sent).toEqual([]);
  });
});
