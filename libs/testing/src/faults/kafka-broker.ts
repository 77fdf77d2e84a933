import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../ferry-processes';
import { testStack } from '../test-stack';

const run = promisify(execFile);

/** The local stack's Kafka broker, stopped and started by its own script (only when this repository runs it). */
export const localKafkaBroker = {
  /** The broker in use is the local stack this repository runs (not one given by KAFKA_BROKERS, nor testcontainers). */
  managedHere(): boolean {
    return testStack().source === 'local-stack' && existsSync(join(repositoryRoot(), '.ferry', 'stack', 'kafka.pid'));
  },
  async stop(): Promise<void> {
    await run(process.execPath, [join(repositoryRoot(), 'deploy', 'local', 'stack.mjs'), 'kafka-stop'], { timeout: 60_000 });
  },
  async start(): Promise<void> {
    await run(process.execPath, [join(repositoryRoot(), 'deploy', 'local', 'stack.mjs'), 'kafka-start'], { timeout: 120_000 });
  },
};
