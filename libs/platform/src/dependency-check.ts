import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { PlatformConfig } from '@ferry/config';
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
  try {
    const response = await fetch(`${config.registry.url}/subjects`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok)
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
