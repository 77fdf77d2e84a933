import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findSchemasDir } from '@ferry/contracts';

export const FERRY_SERVICES = ['ingestion', 'transformation', 'delivery-netsuite', 'reconciliation', 'observability'] as const;
export type FerryServiceName = (typeof FERRY_SERVICES)[number] | 'netsuite-simulator';

export interface FerryPorts {
  ingestion: number;
  transformation: number;
  'delivery-netsuite': number;
  reconciliation: number;
  observability: number;
  'netsuite-simulator': number;
}

export const DEFAULT_PORTS: FerryPorts = {
  ingestion: 3001,
  transformation: 3002,
  'delivery-netsuite': 3003,
  reconciliation: 3004,
  observability: 3005,
  'netsuite-simulator': 4010,
};

export function repositoryRoot(): string {
  return join(findSchemasDir(__dirname), '..');
}

function entryPoint(name: FerryServiceName): string {
  const relative = name === 'netsuite-simulator' ? 'simulators/netsuite/src/main.js' : `services/${name}/src/main.js`;
  const path = join(repositoryRoot(), 'dist', relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: build first (npm run build)`);
  return path;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface FerryProcessOptions {
  logsDir: string;
  /** Environment shared by every process (addresses, key ring, group prefix, …). */
  env: Record<string, string>;
  ports?: FerryPorts;
  services?: readonly FerryServiceName[];
  /** Extra environment for one process (e.g. its own DATABASE_NAME). */
  envFor?: (name: FerryServiceName) => Record<string, string>;
}

/**
 * Runs the built simulator and services as real processes, each with its own log file, and waits until each
 * answers GET /health with 200 (for the simulator: until it listens). Used by `npm start` and the e2e tests.
 */
export class FerryProcesses {
  private readonly children = new Map<FerryServiceName, ChildProcess>();

  private constructor(private readonly options: Required<FerryProcessOptions>) {}

  static async start(options: FerryProcessOptions): Promise<FerryProcesses> {
    const processes = new FerryProcesses({
      ports: DEFAULT_PORTS,
      services: ['netsuite-simulator', ...FERRY_SERVICES],
      envFor: () => ({}),
      ...options,
    });
    mkdirSync(options.logsDir, { recursive: true });
    try {
      for (const name of processes.options.services) processes.spawn(name);
      await Promise.all(processes.options.services.map((name) => processes.waitHealthy(name)));
    } catch (error) {
      await processes.stop();
      throw error;
    }
    return processes;
  }

  url(name: FerryServiceName): string {
    return `http://127.0.0.1:${this.options.ports[name]}`;
  }

  logFile(name: FerryServiceName): string {
    return join(this.options.logsDir, `${name}.log`);
  }

  private spawn(name: FerryServiceName): void {
    const log = openSync(this.logFile(name), 'a');
    const port = String(this.options.ports[name]);
    const child = spawn(process.execPath, ['--enable-source-maps', entryPoint(name)], {
      cwd: repositoryRoot(),
      env: { ...process.env, ...this.options.env, ...this.options.envFor(name), HTTP_PORT: port, NETSUITE_SIMULATOR_PORT: port },
      stdio: ['ignore', log, log],
    });
    this.children.set(name, child);
  }

  async waitHealthy(name: FerryServiceName, timeoutMs = 90_000): Promise<void> {
    const child = this.children.get(name);
    const deadline = Date.now() + timeoutMs;
    const probe = name === 'netsuite-simulator' ? '/__admin/accounts/none/records/customer' : '/health';
    while (Date.now() < deadline) {
      if (child && child.exitCode !== null)
        throw new Error(`${name} exited with code ${child.exitCode} during start-up:\n${tail(this.logFile(name))}`);
      try {
        const response = await fetch(`${this.url(name)}${probe}`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200 || (name === 'netsuite-simulator' && response.status === 404)) return;
      } catch {
        // not listening yet
      }
      await sleep(300);
    }
    throw new Error(`${name} did not become healthy within ${timeoutMs} ms:\n${tail(this.logFile(name))}`);
  }

  /** SIGTERM (graceful) or SIGKILL one process and wait for it to exit. */
  async signal(name: FerryServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      return exited;
    }
    return code;
  }

  async restart(name: FerryServiceName): Promise<void> {
    await this.signal(name);
    this.spawn(name);
    await this.waitHealthy(name);
  }

  async stop(): Promise<void> {
    // Services first (they drain in-flight work against the simulator), the simulator last.
    const order = [...this.children.keys()].sort((a, b) => Number(a === 'netsuite-simulator') - Number(b === 'netsuite-simulator'));
    await Promise.all(order.filter((n) => n !== 'netsuite-simulator').map((name) => this.signal(name)));
    await this.signal('netsuite-simulator');
  }
}
