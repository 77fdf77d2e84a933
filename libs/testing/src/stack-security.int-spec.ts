import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { SchemaCatalog, Subjects, Topics } from '@ferry/contracts';
import { RegistryConnection, ferryKafkaPrincipals, kafkaSecurityConfig } from '@ferry/kafka';
import { grantFerryAccess } from './stack-access';
import { testKafka, testRegistry } from './test-kafka';
import { principalSecurity, testStack } from './test-stack';

const stack = testStack();
const GROUP_PREFIX = 'ferry-security-spec';
/** Ferry's services other than the control plane: none of them may write keys or configuration. */
const SERVICES = Object.keys(ferryKafkaPrincipals()).filter((name) => !['control-plane', 'product', 'analyst'].includes(name));

/**
 * A client that gives up at once and remembers what the broker answered: kafkajs reports a refused group only
 * as "group coordinator not found" and keeps the broker's reason for its debug log.
 */
function client(clientId: string, security: Pick<KafkaConfig, 'sasl' | 'ssl'>): Kafka & { brokerErrors: string[] } {
  const brokerErrors: string[] = [];
  const kafka = new Kafka({
    clientId,
    brokers: stack.kafkaBrokers,
    ...security,
    retry: { retries: 0 },
    connectionTimeout: 3000,
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      if (typeof entry.log['error'] === 'string') brokerErrors.push(entry.log['error']);
    },
  });
  return Object.assign(kafka, { brokerErrors });
}
const clientAs = (principal: string) =>
  client(`security-spec-${principal}`, kafkaSecurityConfig(principalSecurity(stack, principal).kafka));

/** A tombstone under a key no one uses: harmless to every view of the compacted topics, yet a real write. */
async function writeTombstone(kafka: Kafka, topic: string): Promise<unknown> {
  const producer = kafka.producer({ retry: { retries: 0 } });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: `security-probe-${randomUUID()}`, value: null }] });
    return 'written';
  } catch (error) {
    return error;
  } finally {
    await producer.disconnect();
  }
}

async function topicOffsets(kafka: Kafka, topic: string): Promise<unknown> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.fetchTopicOffsets(topic);
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect();
  }
}

/** Joins a consumer group: 'joined', or why not (GROUP_AUTHORIZATION_FAILED when the broker said so). */
async function joinGroup(kafka: Kafka & { brokerErrors: string[] }, groupId: string, topic: string): Promise<string> {
  kafka.brokerErrors.length = 0; // a reason the broker gave an earlier join on this client is not this join's
  const consumer = kafka.consumer({ groupId, retry: { retries: 0, restartOnFailure: async () => false } });
  const crashed = new Promise<string>((resolve) =>
    consumer.on(consumer.events.CRASH, ({ payload }) => resolve((payload.error as { type?: string }).type ?? payload.error.name)),
  );
  const joined = new Promise<string>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve('joined')));
  const outcome = async () => {
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      await consumer.run({ eachMessage: async () => undefined });
      return await Promise.race([crashed, joined, new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 20_000))]);
    } catch (error) {
      return (error as { type?: string }).type ?? (error as Error).name;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  };
  const result = await outcome();
  return result !== 'joined' && kafka.brokerErrors.some((error) => /Group authorization failed/.test(error))
    ? 'GROUP_AUTHORIZATION_FAILED'
    : result;
}

/**
 * A fresh cluster creates its consumer-offsets topic on the first group lookup and answers "coordinator not
 * available" meanwhile; the joins below give up at once, so the admin (who retries) asks first.
 */
async function untilGroupCoordinatorReady(): Promise<void> {
  const admin = testKafka('security-spec-warm-up').admin();
  await admin.connect();
  try {
    await admin.describeGroups([`${GROUP_PREFIX}-warm-up`]);
  } finally {
    await admin.disconnect();
  }
}

/** The broker's error code when there is one (kafkajs sometimes wraps it as the cause), else the error's name. */
function kind(outcome: unknown): unknown {
  if (!(outcome instanceof Error)) return outcome;
  const { type, cause } = outcome as { type?: string; cause?: { type?: string } };
  return type ?? cause?.type ?? outcome.name;
}

/**
 * The stack Ferry runs on refuses what a compromised service or a stranger would try (issue 8, finding 6).
 * Runs against any stack except the throwaway testcontainers one (open by construction); a stack without
 * per-principal credentials fails here, because on it any client can mint an admin key.
 */
const onLockedStack = stack.source === 'testcontainers' ? describe.skip : describe;

onLockedStack('a locked-down Kafka and registry', () => {
  beforeAll(async () => {
    await grantFerryAccess(stack, GROUP_PREFIX);
    await untilGroupCoordinatorReady();
  });

  it.each(SERVICES)("refuses %s's own credentials a write to the API-key and configuration topics", async (service) => {
    const kafka = clientAs(service);
    expect(kind(await writeTombstone(kafka, Topics.apiKeys))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(kind(await writeTombstone(kafka, Topics.tenantConfiguration))).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('lets the control plane write both', async () => {
    const kafka = clientAs('control-plane');
    expect(await writeTombstone(kafka, Topics.apiKeys)).toBe('written');
    expect(await writeTombstone(kafka, Topics.tenantConfiguration)).toBe('written');
  });

  it('keeps tenant configuration from the product, which may only write its events', async () => {
    const product = clientAs('product');
    expect(kind(await topicOffsets(product, Topics.tenantConfiguration))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(kind(await topicOffsets(product, Topics.apiKeys))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(kind(await writeTombstone(product, Topics.canonicalEvents))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await topicOffsets(product, Topics.productEvents)).toEqual(expect.any(Array));
  });

  it('lets an analyst read sync status in its own group, over SASL/PLAIN too, and nothing else', async () => {
    const { sasl } = principalSecurity(stack, 'analyst').kafka;
    const plain = client(
      'security-spec-analyst-plain',
      kafkaSecurityConfig({ sasl: { ...(sasl as { username: string; password: string }), mechanism: 'plain' } }),
    );
    expect(await joinGroup(plain, `${GROUP_PREFIX}-analyst-${randomUUID()}`, Topics.syncStatus)).toBe('joined');
    expect(kind(await writeTombstone(plain, Topics.syncStatus))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(kind(await topicOffsets(plain, Topics.apiKeys))).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it("keeps a service out of another service's consumer group, even one whose name extends its own", async () => {
    const netsuite = clientAs('delivery-netsuite');
    expect(await joinGroup(netsuite, `${GROUP_PREFIX}-delivery-netsuite-soap`, Topics.deliveryCommands('netsuite'))).toBe(
      'GROUP_AUTHORIZATION_FAILED',
    );
    expect(await joinGroup(netsuite, `${GROUP_PREFIX}-delivery-netsuite`, Topics.deliveryCommands('netsuite'))).toBe('joined');
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    const anonymous = client('security-spec-anonymous', {});
    // The SASL listener closes the connection of a client that does not start a SASL handshake.
    expect(kind(await topicOffsets(anonymous, Topics.apiKeys))).toMatch(/^KafkaJSConnection/);
    const guessing = client(
      'security-spec-guessing',
      kafkaSecurityConfig({ sasl: { mechanism: 'scram-sha-512', username: 'control-plane', password: 'guessed' } }),
    );
    expect(kind(await topicOffsets(guessing, Topics.apiKeys))).toBe('KafkaJSSASLAuthenticationError');
  });

  describe('the registry', () => {
    const anonymous = new RegistryConnection({ url: stack.registryUrl });
    const wrongPassword = new RegistryConnection({ url: stack.registryUrl, basicAuth: { username: 'ingestion', password: 'guessed' } });
    const schema = JSON.stringify({ schema: SchemaCatalog.load().subject(Subjects.CustomerUpserted).schemaText });
    const register = (registry: RegistryConnection) =>
      registry.request(`/subjects/${Subjects.CustomerUpserted}/versions`, { method: 'POST', body: schema });

    it('refuses reads and writes without valid credentials', async () => {
      for (const registry of [anonymous, wrongPassword]) {
        expect((await registry.request('/subjects')).status).toBe(401);
        expect((await register(registry)).status).toBe(401);
      }
    });

    it('lets an analyst read but not register, and the product register its events', async () => {
      expect((await testRegistry('analyst').request('/subjects')).status).toBe(200);
      expect((await register(testRegistry('analyst'))).status).toBe(403);
      expect((await register(testRegistry('product'))).status).toBe(200);
    });
  });
});
