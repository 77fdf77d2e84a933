import { hostname } from 'node:os';
import { z } from 'zod';
import { ConfigError } from './config.error';
import { parseConnectionSecurity, type KafkaSecurity, type RegistrySecurity } from './connection-security';
import { egressEnvShape, toEgressConfig, type EgressConfig } from './egress-env';
import { WHOLE_ENVIRONMENT, type Env } from './load-config';
import { operatorKeysEnv, type OperatorKey } from './operator-keys';

/** Local-stack defaults: the addresses `npm run stack:up` listens on. */
export const LOCAL_DEFAULTS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
} as const;

const url = (what: string) =>
  z.string().refine((value) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }, `must be a URL (${what})`);

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine(
    (brokers) => brokers.length > 0 && brokers.every((broker) => /^[^\s:]+:\d{1,5}$/.test(broker)),
    'must be a comma-separated list of host:port',
  );

const port = z.coerce.number().int().min(0).max(65535);

/**
 * SASL and TLS for Kafka, basic auth and TLS for the registry (variables in connection-security.ts). Reads the
 * whole environment that loadConfig passes alongside, because the variables are only valid in combination.
 */
const connectionSecurity = z
  .custom<Env>((input) => typeof input === 'object' && input !== null, 'the environment must be parsed with loadConfig')
  .transform((env, ctx) => {
    const { security, problems } = parseConnectionSecurity(env);
    for (const problem of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.variable], message: problem.message });
    return security;
  });

/** Where Kafka and the registry are and how to authenticate: for tools (CLIs, tests) that talk to them without being a service. */
export function connectionEnvSchema() {
  return z.object({
    KAFKA_BROKERS: brokerList.default(LOCAL_DEFAULTS.KAFKA_BROKERS),
    KAFKA_CLIENT_ID: z.string().min(1).default('ferry-cli'),
    SCHEMA_REGISTRY_URL: url('Confluent-compatible registry API, e.g. http://127.0.0.1:8081/apis/ccompat/v7').default(
      LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL,
    ),
    [WHOLE_ENVIRONMENT]: connectionSecurity,
  });
}

export type ConnectionEnv = z.output<ReturnType<typeof connectionEnvSchema>>;

/** Where PostgreSQL is: for tools (the migration command) that open services' databases without being a service. */
export function databaseEnvSchema() {
  return z.object({
    DATABASE_URL: url('PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres').default(LOCAL_DEFAULTS.DATABASE_URL),
  });
}

/** A service's own database when DATABASE_NAME is not set: ferry_<service, "-" as "_">, e.g. ferry_delivery_webhook. */
export function defaultDatabaseName(service: string, prefix = 'ferry_'): string {
  return `${prefix}${service.replace(/-/g, '_')}`;
}

/** A Kafka client's address and credentials (what createKafkaClient needs). */
export interface KafkaConnectionConfig extends KafkaSecurity {
  brokers: string[];
  clientId: string;
}

/** The registry's address and credentials (what the registry client needs). */
export interface RegistryConnectionConfig extends RegistrySecurity {
  url: string;
}

export function toConnectionConfig(env: ConnectionEnv): { kafka: KafkaConnectionConfig; registry: RegistryConnectionConfig } {
  const security = env[WHOLE_ENVIRONMENT];
  return {
    kafka: { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID, ...security.kafka },
    registry: { url: env.SCHEMA_REGISTRY_URL, ...security.registry },
  };
}

/** Environment every Ferry service reads: where Kafka, the registry and PostgreSQL are, and its own HTTP port. */
export function platformEnvSchema(service: string, defaultPort: number) {
  return z.object({
    KAFKA_BROKERS: brokerList.default(LOCAL_DEFAULTS.KAFKA_BROKERS),
    KAFKA_CLIENT_ID: z.string().min(1).default(`ferry-${service}`),
    KAFKA_GROUP_ID_PREFIX: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-"')
      .default('ferry'),
    KAFKA_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(10_000),
    // Below the cluster's message.max.bytes: a bigger record is the message's failure (dead-lettered), not a stall.
    KAFKA_MAX_RECORD_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(64 * 1024 * 1024)
      .default(960 * 1024), // DEFAULT_MAX_RECORD_BYTES of libs/contracts (topics.ts); a spec in libs/kafka keeps them equal
    SCHEMA_REGISTRY_URL: url('Confluent-compatible registry API, e.g. http://127.0.0.1:8081/apis/ccompat/v7').default(
      LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL,
    ),
    DATABASE_URL: url('PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres').default(LOCAL_DEFAULTS.DATABASE_URL),
    DATABASE_NAME: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case PostgreSQL identifier')
      .default(defaultDatabaseName(service)),
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: port.default(defaultPort),
    /** Prometheus metrics, on their own port so the public API never exposes them; default HTTP_PORT + 6000. */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    METRICS_PORT: port.optional(),
    HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
    FERRY_OPERATOR_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
    FERRY_OPERATOR_KEYS: operatorKeysEnv,
    STARTUP_WAIT_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    FERRY_INSTANCE_ID: z
      .string()
      .regex(/^[\w.-]{1,100}$/, 'letters, digits, ".", "_" or "-"')
      .optional(),
    ...egressEnvShape,
    [WHOLE_ENVIRONMENT]: connectionSecurity,
  });
}

export type PlatformEnv = z.output<ReturnType<typeof platformEnvSchema>>;

/** The typed, nested view services read; nothing outside config code touches process.env. */
export interface PlatformConfig {
  service: string;
  /** Address, client id and credentials (SASL, TLS) plus how this service uses Kafka. */
  kafka: KafkaConnectionConfig & {
    groupIdPrefix: string;
    replicationFactor: number;
    partitions: number;
    /** How long a consumer that stopped answering (a crash) keeps its partitions before the group moves them. */
    sessionTimeoutMs: number;
    /** KAFKA_MAX_RECORD_BYTES: largest record a service writes. */
    maxRecordBytes: number;
  };
  registry: RegistryConnectionConfig;
  database: { serverUrl: string; name: string };
  http: { host: string; port: number };
  /** Where GET /metrics is served: a port apart from the public API's, for the scraper alone. */
  metrics: { host: string; port: number };
  /** How often readiness checks (Kafka, registry, database) run; GET /health answers from the last result. */
  healthCheckIntervalMs: number;
  logLevel: PlatformEnv['LOG_LEVEL'];
  /**
   * The shared break-glass operator token (FERRY_OPERATOR_TOKEN): acts as the admin operator named "operator".
   * Prefer named operator keys, so the audit says who acted.
   */
  operatorToken: string | undefined;
  /** Named operators with roles (FERRY_OPERATOR_KEYS): the audit records their names. */
  operatorKeys: OperatorKey[];
  /** How long start-up waits for Kafka, the registry and PostgreSQL before giving up with a clear message. */
  startupWaitSeconds: number;
  /**
   * This process among the service's replicas: names its Kafka transactional ids and its delivery-lane leases.
   * Stable across restarts of the same replica (host name and port by default, the pod name in Kubernetes), so a
   * restarted replica fences its own unfinished transactions at once instead of waiting for them to time out.
   */
  instanceId: string;
  /** Where ERP calls may go (FERRY_EGRESS_*): handed to the egress policy at start-up. */
  egress: EgressConfig;
}

/** The metrics port: as given, or HTTP_PORT + 6000 (ingestion 3001 → 9001); never the public API's port. */
function metricsPort(service: string, env: PlatformEnv): number {
  const chosen = env.METRICS_PORT ?? env.HTTP_PORT + 6000;
  const given = env.METRICS_PORT === undefined ? `HTTP_PORT + 6000 = ${chosen}` : `got "${chosen}"`;
  if (chosen > 65_535) throw new ConfigError(service, [`METRICS_PORT: HTTP_PORT + 6000 is past 65535; set it (${given})`]);
  if (chosen === env.HTTP_PORT)
    throw new ConfigError(service, [`METRICS_PORT: must differ from HTTP_PORT, so the public API never serves metrics (${given})`]);
  return chosen;
}

export function toPlatformConfig(service: string, env: PlatformEnv): PlatformConfig {
  const security = env[WHOLE_ENVIRONMENT];
  return {
    service,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      ...security.kafka,
      groupIdPrefix: env.KAFKA_GROUP_ID_PREFIX,
      replicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
      partitions: env.KAFKA_TOPIC_PARTITIONS,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      maxRecordBytes: env.KAFKA_MAX_RECORD_BYTES,
    },
    registry: { url: env.SCHEMA_REGISTRY_URL, ...security.registry },
    database: { serverUrl: env.DATABASE_URL, name: env.DATABASE_NAME },
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT },
    metrics: { host: env.METRICS_HOST, port: metricsPort(service, env) },
    healthCheckIntervalMs: env.HEALTH_CHECK_INTERVAL_MS,
    logLevel: env.LOG_LEVEL,
    startupWaitSeconds: env.STARTUP_WAIT_SECONDS,
    operatorToken: env.FERRY_OPERATOR_TOKEN,
    operatorKeys: env.FERRY_OPERATOR_KEYS,
    instanceId: env.FERRY_INSTANCE_ID ?? `${hostname()}-${env.HTTP_PORT}`,
    egress: toEgressConfig(env),
  };
}
