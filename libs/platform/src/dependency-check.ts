import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { PlatformConfig } from '@ferry/config';
import { kafkaSecurityConfig, registryConnection } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';

function tcpReachable(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** Whether Kafka accepts this service's credentials: a wrong password should say so, not fail later in a topic call. */
async function kafkaAuthenticationProblem(config: PlatformConfig): Promise<string | undefined> {
  const { sasl } = config.kafka;
  const kafka = new Kafka({
    clientId: config.kafka.clientId,
    brokers: config.kafka.brokers,
    ...kafkaSecurityConfig(config.kafka),
    connectionTimeout: 3000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return undefined;
  } catch (error) {
    const detail = (error as Error).message;
    if ((error as Error).name === 'KafkaJSSASLAuthenticationError')
      return `Kafka refused the credentials of ${sasl && 'username' in sasl ? `KAFKA_SASL_USERNAME=${sasl.username}` : 'this client'} (${sasl?.mechanism}): ${detail}`;
    return `Kafka at ${config.kafka.brokers.join(',')} did not accept the connection (${detail}); does it need SASL (KAFKA_SASL_MECHANISM${sasl ? `, now ${sasl.mechanism}` : ', not set'}) or TLS (KAFKA_TLS${config.kafka.tls ? ', now on' : ', not set'})?`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function problems(config: PlatformConfig, usesDatabase: boolean): Promise<string[]> {
  const found: string[] = [];
  const brokers = await Promise.all(
    config.kafka.brokers.map(async (broker) => {
      const [host, port] = broker.split(':');
      return (await tcpReachable(host ?? '', Number(port))) ? undefined : broker;
    }),
  );
  if (brokers.every((down) => down !== undefined))
    found.push(`Kafka is not reachable at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS); is the stack up? npm run stack:up`);
  else {
    const refused = await kafkaAuthenticationProblem(config);
    if (refused) found.push(refused);
  }
  try {
    const response = await registryConnection(config.registry).request('/subjects', { timeoutMs: 3000 });
    if (response.status === 401 || response.status === 403)
      found.push(
        `schema registry at ${config.registry.url} refused ${config.registry.basicAuth ? `user ${config.registry.basicAuth.username}` : 'a client without credentials'} (${response.status}); check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`,
      );
    else if (!response.ok)
      found.push(
        `schema registry at ${config.registry.url} (SCHEMA_REGISTRY_URL) answered ${response.status}; is it a Confluent-compatible API (…/apis/ccompat/v7)?`,
      );
  } catch (error) {
    found.push(`schema registry is not reachable at ${config.registry.url} (SCHEMA_REGISTRY_URL): ${(error as Error).message}`);
  }
  if (usesDatabase) {
    const client = new Client({ connectionString: config.database.serverUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (error) {
      const { host, port } = new URL(config.database.serverUrl);
      found.push(`PostgreSQL is not reachable at ${host}:${port || 5432} (DATABASE_URL): ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return found;
}

/** Waits up to STARTUP_WAIT_SECONDS for the platform, then returns what is still unreachable. */
export async function checkDependencies(config: PlatformConfig, usesDatabase: boolean, logger: Logger): Promise<string[]> {
  const deadline = Date.now() + config.startupWaitSeconds * 1000;
  for (;;) {
    const found = await problems(config, usesDatabase);
    if (found.length === 0 || Date.now() > deadline) return found;
    logger.warn({ waitingFor: found }, 'waiting for platform dependencies');
    await sleep(2000);
  }
}
