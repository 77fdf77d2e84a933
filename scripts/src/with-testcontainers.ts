import { spawn } from 'node:child_process';
import { GenericContainer, Network, Wait, type StartedTestContainer } from 'testcontainers';

/**
 * node dist/scripts/src/with-testcontainers.js <command…>
 * For machines with a Docker engine and no stack addresses given: starts PostgreSQL, Kafka and Apicurio
 * Registry (SQL storage) as containers, runs the command with KAFKA_BROKERS, SCHEMA_REGISTRY_URL and
 * DATABASE_URL pointing at them, then removes the containers. Host ports are fixed (15432, 19092, 18081) so
 * Kafka can advertise an address the tests reach.
 */
async function main(): Promise<number> {
  const command = process.argv.slice(2);
  if (command.length === 0) throw new Error('usage: with-testcontainers <command…>');
  const started: StartedTestContainer[] = [];
  const network = await new Network().start();
  try {
    process.stdout.write('testcontainers: starting PostgreSQL, Kafka and Apicurio Registry…\n');
    const postgres = await new GenericContainer('postgres:16')
      .withNetwork(network)
      .withNetworkAliases('postgres')
      .withEnvironment({ POSTGRES_PASSWORD: 'ferry' })
      .withExposedPorts({ container: 5432, host: 15432 })
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    started.push(postgres);
    await postgres.exec(['psql', '-U', 'postgres', '-c', 'CREATE DATABASE ferry_registry']);
    const kafka = await new GenericContainer('apache/kafka:4.1.1')
      .withNetwork(network)
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:19092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:19092',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withExposedPorts({ container: 19092, host: 19092 })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start();
    started.push(kafka);
    const registry = await new GenericContainer('apicurio/apicurio-registry:3.0.9')
      .withNetwork(network)
      .withEnvironment({
        APICURIO_STORAGE_KIND: 'sql',
        APICURIO_STORAGE_SQL_KIND: 'postgresql',
        APICURIO_DATASOURCE_URL: 'jdbc:postgresql://postgres:5432/ferry_registry',
        APICURIO_DATASOURCE_USERNAME: 'postgres',
        APICURIO_DATASOURCE_PASSWORD: 'ferry',
      })
      .withExposedPorts({ container: 8080, host: 18081 })
      .withWaitStrategy(Wait.forHttp('/health/ready', 8080))
      .start();
    started.push(registry);
    const env = {
      ...process.env,
      KAFKA_BROKERS: '127.0.0.1:19092',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
      DATABASE_URL: 'postgres://postgres:ferry@127.0.0.1:15432/postgres',
      FERRY_TEST_STACK_SOURCE: 'testcontainers',
    };
    process.stdout.write(`testcontainers: up; running ${command.join(' ')}\n`);
    const [program, ...args] = command;
    return await new Promise<number>((resolve) => {
      const child = spawn(program ?? 'true', args, { stdio: 'inherit', env });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await Promise.all(started.reverse().map((container) => container.stop().catch(() => undefined)));
    await network.stop().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`with-testcontainers: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
