import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Partitioners, type Producer } from 'kafkajs';
import { SchemaCatalog, Subjects, Topics, entityKey, type DeadLetterRecord, type SyncStatus } from '@ferry/contracts';
import {
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  testKafka,
  testRegistry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

interface SimulatedRecord {
  id: string;
  externalId: string | null;
  fields: Record<string, unknown>;
  writeCount: number;
}

const PAIRS = 12;

/**
 * A product on kafkajs's default partitioner (murmur2 of the whole key, which the README allows) puts a customer
 * and its order on different partitions of product-events, so nothing upstream of delivery keeps them in order.
 * Every order must still reach the ERP, after its customer, and none may be dead-lettered.
 */
describe('customers and their orders published with kafkajs’s default partitioner', () => {
  const tenant = `e2e-${randomUUID().slice(0, 8)}`;
  const account = `TSTDRV-${tenant.toUpperCase()}`;
  let ferry: E2eEnvironment;
  let product: Producer;
  let productRegistry: SchemaRegistry;
  let statuses: TopicCollector<SyncStatus>;
  const deadLetters: TopicCollector<DeadLetterRecord>[] = [];

  beforeAll(async () => {
    ferry = await startFerry({
      purpose: 'e2e_partitioner',
      services: ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite'],
    });
    productRegistry = testRegistry('product').schemaRegistry();
    product = testKafka('saas-product', 'product').producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await product.connect();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    for (const service of ['ingestion', 'transformation', 'delivery-netsuite'])
      deadLetters.push(await new TopicCollector<DeadLetterRecord>(Topics.deadLetter(service)).start());
    await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: tenant,
      accountId: account,
      simulatorUrl: ferry.simulatorUrl,
    });
  });

  afterAll(async () => {
    await statuses?.stop();
    for (const collector of deadLetters) await collector.stop();
    await product?.disconnect();
    await ferry?.stop();
  });

  async function schemaId(subject: string): Promise<number> {
    const { id } = await productRegistry.register({ type: 'AVRO', schema: SchemaCatalog.load().subject(subject).schemaText } as never, {
      subject,
      compatibility: 'FULL_TRANSITIVE' as never,
    });
    return id;
  }

  /** The partition kafkajs's default partitioner picks for `key` on a topic of `partitions` partitions. */
  function defaultPartitionOf(key: string, partitions: number): number {
    const metadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }));
    return Partitioners.DefaultPartitioner()({
      topic: Topics.productEvents,
      partitionMetadata: metadata as never,
      message: { key, value: null },
    });
  }

  it('delivers every order after its customer, none dead-lettered, though each pair crossed partitions', async () => {
    const admin = testKafka('e2e-partitioner-admin').admin();
    await admin.connect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: [Topics.productEvents] })).topics;
    await admin.disconnect();
    const partitions = topic!.partitions.length;
    expect(partitions).toBeGreaterThan(1);

    // Ids whose order key hashes to a lower partition than its customer's: the case the tenant partitioner hides.
    // Ingestion handles the batches of one fetch partition by partition, so such an order tends to overtake.
    const pairs: { customerId: string; orderId: string }[] = [];
    for (let n = 0; pairs.length < PAIRS; n += 1) {
      const customerId = `c-${n}`;
      const orderId = `o-${n}`;
      if (
        defaultPartitionOf(entityKey(tenant, 'sales_order', orderId), partitions) <
        defaultPartitionOf(entityKey(tenant, 'customer', customerId), partitions)
      )
        pairs.push({ customerId, orderId });
    }

    const customerSchema = await schemaId(Subjects.CustomerUpserted);
    const orderSchema = await schemaId(Subjects.SalesOrderUpserted);
    const orderEventIds: string[] = [];
    const messages: { key: string; value: Buffer }[] = [];
    for (const { customerId, orderId } of pairs) {
      const customer = sampleCustomerUpserted(tenant, { customerId, name: `Customer ${customerId}` });
      const order = sampleSalesOrderUpserted(tenant, { orderId, customerId });
      orderEventIds.push(order.envelope.eventId);
      // Each customer before its order in one send: no order is in Kafka earlier than its customer.
      messages.push({ key: entityKey(tenant, 'customer', customerId), value: await productRegistry.encode(customerSchema, customer) });
      messages.push({ key: entityKey(tenant, 'sales_order', orderId), value: await productRegistry.encode(orderSchema, order) });
    }
    const written = await product.send({ topic: Topics.productEvents, messages });
    expect(new Set(written.map((metadata) => metadata.partition)).size).toBeGreaterThan(1);

    const finalOf = (eventId: string) =>
      statuses.where(
        (s) => s.eventId === eventId && s.stage === 'delivery' && (s.status === 'delivered' || s.status === 'dead_lettered'),
      )[0];
    await waitUntil('every order in a final delivery state', () => orderEventIds.every((id) => finalOf(id) !== undefined), 120_000, 250);

    expect(orderEventIds.map((id) => ({ id, status: finalOf(id)!.value.status }))).toEqual(
      orderEventIds.map((id) => ({ id, status: 'delivered' })),
    );
    for (const collector of deadLetters) expect(collector.where((d) => d.tenantId === tenant)).toEqual([]);
    const overtook = orderEventIds.filter((id) => statuses.where((s) => s.eventId === id && s.status === 'retrying').length > 0);
    process.stdout.write(`${overtook.length} of ${PAIRS} orders reached NetSuite before their customer and were retried\n`);

    const records = async (type: string) =>
      (await (await fetch(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/${type}`)).json()) as SimulatedRecord[];
    const customers = await records('customer');
    const orders = await records('salesOrder');
    expect(orders).toHaveLength(PAIRS);
    for (const { customerId, orderId } of pairs) {
      const customer = customers.find((r) => r.externalId === `ferry-${customerId}`);
      const order = orders.find((r) => r.externalId === `ferry-so-${orderId}`);
      expect({ orderId, customer: customer !== undefined, order: order !== undefined }).toEqual({ orderId, customer: true, order: true });
      // Written once each: an order the ERP refused for a missing customer changed nothing there.
      expect(order!.writeCount).toBe(1);
      expect(order!.fields['entity']).toMatchObject({ externalId: `ferry-${customerId}` });
    }
  });
});
