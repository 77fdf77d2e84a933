import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SchemaCatalog } from '@ferry/contracts';
import { AvroCodec, EventProducer } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { SecretSealer, parseKeyRing } from '@ferry/secrets';
import { FerryProcesses, repositoryRoot, testKafka, testStack, type FerryPorts } from '@ferry/testing';

/** Ports apart from `npm start`'s, so the suite can run beside a demo. */
export const E2E_PORTS: FerryPorts = {
  ingestion: 3101,
  transformation: 3102,
  'delivery-netsuite': 3103,
  reconciliation: 3104,
  observability: 3105,
  'netsuite-simulator': 4110,
};

export interface E2eEnvironment {
  processes: FerryProcesses;
  producer: EventProducer;
  codec: AvroCodec;
  sealer: SecretSealer;
  simulatorUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole of Ferry as processes against the real stack, with a key ring made for this run, its own consumer
 * groups and databases (ferry_e2e_*), and a producer for tests that act as operators.
 */
export async function startFerry(): Promise<E2eEnvironment> {
  const stack = testStack();
  const keyRingValue = `e2e:${randomBytes(32).toString('base64')}`;
  const codec = AvroCodec.create(stack.registryUrl, SchemaCatalog.load());
  const processes = await FerryProcesses.start({
    logsDir: join(repositoryRoot(), '.ferry', 'logs', `e2e-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 4)}`),
    ports: E2E_PORTS,
    env: {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registryUrl,
      DATABASE_URL: stack.databaseUrl,
      KAFKA_GROUP_ID_PREFIX: 'ferry-e2e',
      FERRY_SECRETS_KEYRING: keyRingValue,
      DELIVERY_RETRY_BASE_DELAY_MS: '100',
      RECONCILIATION_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'info',
    },
    envFor: (name) => ({ DATABASE_NAME: `ferry_e2e_${name.replace(/-/g, '_')}` }),
  });
  const producer = new EventProducer(testKafka('ferry-e2e-operator'), codec);
  await producer.connect();
  const sealer = new SecretSealer(parseKeyRing({ FERRY_SECRETS_KEYRING: keyRingValue }));
  createLogger('e2e', 'silent');
  return {
    processes,
    producer,
    codec,
    sealer,
    simulatorUrl: processes.url('netsuite-simulator'),
    async stop() {
      await producer.disconnect();
      await processes.stop();
    },
  };
}
