import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AvroCodec, EventProducer } from '@ferry/kafka';
import { SecretSealer, parseKeyRing } from '@ferry/secrets';
import { FerryProcesses, repositoryRoot, shiftedPorts, type FerryPorts, type FerryServiceName } from './ferry-processes';
import { testCodec, testKafka } from './test-kafka';
import { ferryConnectionEnv, grantFerryAccess } from './stack-access';
import { FerryApiClient } from './tenant-onboarding';
import { testStack } from './test-stack';

/** Ports apart from `npm start`'s (3001-3005, 4010), so tests and benchmarks can run beside a demo. */
export const E2E_PORTS: FerryPorts = shiftedPorts(100);
export const BENCHMARK_PORTS: FerryPorts = shiftedPorts(200);

export interface FerryEnvironmentOptions {
  /** Names the run's consumer groups, databases (ferry_<purpose>_*) and log folder. */
  purpose: string;
  ports?: FerryPorts;
  env?: Record<string, string>;
  /** Only these processes (default: every simulator and service). */
  services?: readonly FerryServiceName[];
  /** Where the processes run from (default: the repository); see FerryProcessOptions.root. */
  root?: string;
  /** See FerryProcessOptions.runAs. */
  runAs?: { uid: number; gid: number };
  /** Extra node options per process (see FerryProcessOptions.nodeArgsFor). */
  nodeArgsFor?: (name: FerryServiceName) => string[];
  /** Each service's database is `<databasePrefix><service>` (default `ferry_<purpose>_`). */
  databasePrefix?: string;
}

/** Tokens of the named operators every e2e run configures (FERRY_OPERATOR_KEYS), one per role. */
export interface NamedOperatorTokens {
  /** e2e-viewer */
  viewer: string;
  /** e2e-support, role operator */
  support: string;
  /** e2e-admin */
  admin: string;
}

export interface E2eEnvironment {
  processes: FerryProcesses;
  /** The shared break-glass token (FERRY_OPERATOR_TOKEN), acting as the admin named "operator". */
  operatorToken: string;
  namedOperators: NamedOperatorTokens;
  /** Control-plane API as an operator. */
  controlPlane: FerryApiClient;
  webhookReceiverUrl: string;
  producer: EventProducer;
  codec: AvroCodec;
  sealer: SecretSealer;
  simulatorUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole of Ferry as processes against the real stack, with a key ring made for this run, its own consumer
 * groups and databases (ferry_<purpose>_*), and a producer for tests and benchmarks that act as operators.
 */
export async function startFerry(options: FerryEnvironmentOptions = { purpose: 'e2e' }): Promise<E2eEnvironment> {
  const { purpose } = options;
  const stack = testStack();
  const keyRingValue = `run:${randomBytes(32).toString('base64')}`;
  const operatorToken = randomBytes(24).toString('base64url');
  const namedOperators: NamedOperatorTokens = {
    viewer: randomBytes(24).toString('base64url'),
    support: randomBytes(24).toString('base64url'),
    admin: randomBytes(24).toString('base64url'),
  };
  const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
  const operatorKeys = [
    `e2e-viewer:viewer:${sha256(namedOperators.viewer)}`,
    `e2e-support:operator:${sha256(namedOperators.support)}`,
    `e2e-admin:admin:${sha256(namedOperators.admin)}`,
  ].join(',');
  const codec = testCodec();
  const groupIdPrefix = `ferry-${purpose}`;
  await grantFerryAccess(stack, groupIdPrefix);
  const connection = ferryConnectionEnv(stack);
  const processes = await FerryProcesses.start({
    logsDir: join(
      repositoryRoot(),
      '.ferry',
      'logs',
      `${purpose}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 4)}`,
    ),
    ports: options.ports ?? E2E_PORTS,
    env: {
      ...connection.shared,
      DATABASE_URL: stack.databaseUrl,
      KAFKA_GROUP_ID_PREFIX: groupIdPrefix,
      FERRY_SECRETS_KEYRING: keyRingValue,
      FERRY_OPERATOR_TOKEN: operatorToken,
      FERRY_OPERATOR_KEYS: operatorKeys,
      DELIVERY_RETRY_BASE_DELAY_MS: '100',
      RECONCILIATION_INTERVAL_SECONDS: '0',
      RECONCILIATION_POLL_SECONDS: '0.5',
      // The shared stack's canonical-events topic holds every earlier run's events: read only this run's.
      RECONCILIATION_CANONICAL_EVENTS_FROM: 'latest',
      MASTER_DATA_CANONICAL_EVENTS_FROM: 'latest',
      // Inbound polling is off unless a suite asks for it: its echoes of delivered records would be noise.
      INBOUND_POLL_INTERVAL_SECONDS: '86400',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    // Each service connects as its own principal (when the stack has them), so Kafka's ACLs apply to it.
    envFor: (name) => ({
      DATABASE_NAME: `${options.databasePrefix ?? `ferry_${purpose}_`}${name.replace(/-/g, '_')}`,
      ...connection.forProcess(name),
    }),
    ...(options.services ? { services: options.services } : {}),
    ...(options.root ? { root: options.root } : {}),
    ...(options.nodeArgsFor ? { nodeArgsFor: options.nodeArgsFor } : {}),
    ...(options.runAs ? { runAs: options.runAs } : {}),
  });
  const producer = new EventProducer(testKafka(`ferry-${purpose}-operator`), codec);
  await producer.connect();
  const sealer = new SecretSealer(parseKeyRing({ FERRY_SECRETS_KEYRING: keyRingValue }));
  return {
    processes,
    operatorToken,
    namedOperators,
    controlPlane: new FerryApiClient(processes.url('control-plane'), operatorToken),
    webhookReceiverUrl: processes.url('webhook-receiver'),
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
