import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTION_SECURITY_VARIABLES } from '@ferry/config';
import { findSchemasDir } from '@ferry/contracts';

export const FERRY_SERVICES = [
  'control-plane',
  'ingestion',
  'transformation',
  'delivery-netsuite',
  'delivery-webhook',
  'delivery-dynamics365',
  'delivery-oracle-fusion',
  'delivery-csv-sftp',
  'delivery-netsuite-soap',
  'delivery-sap-s4',
  'inbound-sync',
  'reconciliation',
  'observability',
  'master-data',
] as const;
export const SIMULATORS = [
  'netsuite-simulator',
  'webhook-receiver',
  'dynamics365-simulator',
  'oracle-fusion-simulator',
  'csv-sftp-simulator',
  'suitetalk-soap-simulator',
  'sap-s4-simulator',
] as const;
export type FerryServiceName = (typeof FERRY_SERVICES)[number] | (typeof SIMULATORS)[number];

export type FerryPorts = Record<FerryServiceName, number>;

export const DEFAULT_PORTS: FerryPorts = {
  ingestion: 3001,
  transformation: 3002,
  'delivery-netsuite': 3003,
  reconciliation: 3004,
  observability: 3005,
  'control-plane': 3006,
  'delivery-webhook': 3007,
  'delivery-dynamics365': 3008,
  'delivery-oracle-fusion': 3009,
  'delivery-csv-sftp': 3011,
  'delivery-netsuite-soap': 3012,
  'delivery-sap-s4': 3010,
  'inbound-sync': 3013,
  'master-data': 3014,
  'netsuite-simulator': 4010,
  'webhook-receiver': 4020,
  'dynamics365-simulator': 4030,
  'oracle-fusion-simulator': 4040,
  'csv-sftp-simulator': 4060,
  'suitetalk-soap-simulator': 4050,
  'sap-s4-simulator': 4070,
};

/** Each service serves GET /metrics on its own port this far above its API port (METRICS_PORT). */
export const METRICS_PORT_OFFSET = 6000;

/** The same layout shifted by `offset`, so e2e runs and benchmarks can run beside a demo. */
export function shiftedPorts(offset: number): FerryPorts {
  return Object.fromEntries(Object.entries(DEFAULT_PORTS).map(([name, port]) => [name, port + offset])) as FerryPorts;
}

export function repositoryRoot(): string {
  return join(findSchemasDir(__dirname), '..');
}

const SIMULATOR_ENTRY_POINTS: Partial<Record<FerryServiceName, string>> = {
  'netsuite-simulator': 'simulators/netsuite/src/main.js',
  'webhook-receiver': 'simulators/webhook/src/main.js',
  'dynamics365-simulator': 'simulators/dynamics365/src/main.js',
  'oracle-fusion-simulator': 'simulators/oracle-fusion/src/main.js',
  'csv-sftp-simulator': 'simulators/csv-sftp/src/main.js',
  'suitetalk-soap-simulator': 'simulators/suitetalk-soap/src/main.js',
  'sap-s4-simulator': 'simulators/sap-s4/src/main.js',
};

function entryPoint(name: FerryServiceName, root: string): string {
  const relative = SIMULATOR_ENTRY_POINTS[name] ?? `services/${name}/src/main.js`;
  const path = join(root, 'dist', relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: build first (npm run build)`);
  return path;
}

/**
 * The runner's own environment minus Kafka and registry credentials: a process connects only as the principal
 * it is given (options.env / envFor), never silently as whoever runs the tests.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of CONNECTION_SECURITY_VARIABLES) delete env[name];
  return env;
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
  /**
   * The folder holding dist/ (and schemas/, node_modules/, …) that processes run from, their working directory:
   * the repository by default, an assembled image layout in the image smoke test.
   */
  root?: string;
  /** Runs the processes as this user (as the image's numeric USER does) when the runner may switch to it (root). */
  runAs?: { uid: number; gid: number };
  /** Extra node options for one process, e.g. --cpu-prof for a benchmark's profile. */
  nodeArgsFor?: (name: FerryServiceName) => string[];
}

/** A process of a service: the service itself, or `<service>#<n>`, its n-th extra replica. */
export type FerryInstance = FerryServiceName | `${FerryServiceName}#${number}`;

/** Replica n of a service listens this far above the service's own port. */
const REPLICA_PORT_STEP = 50;

function serviceOf(instance: FerryInstance): FerryServiceName {
  return instance.split('#')[0] as FerryServiceName;
}

/**
 * Runs the built simulator and services as real processes, each with its own log file, and waits until each
 * answers GET /health/ready with 200 (for a simulator: until it listens). Used by `npm start` and the e2e tests.
 */
export class FerryProcesses {
  private readonly children = new Map<FerryInstance, ChildProcess>();

  private constructor(private readonly options: Required<Omit<FerryProcessOptions, 'runAs'>> & Pick<FerryProcessOptions, 'runAs'>) {}

  static async start(options: FerryProcessOptions): Promise<FerryProcesses> {
    const processes = new FerryProcesses({
      ports: DEFAULT_PORTS,
      services: [...SIMULATORS, ...FERRY_SERVICES],
      envFor: () => ({}),
      nodeArgsFor: () => [],
      root: repositoryRoot(),
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

  url(instance: FerryInstance): string {
    return `http://127.0.0.1:${this.portOf(instance)}`;
  }

  /** Where a service's Prometheus metrics are: a port apart from its public API. */
  metricsUrl(instance: FerryInstance): string {
    return `http://127.0.0.1:${this.portOf(instance) + METRICS_PORT_OFFSET}/metrics`;
  }

  private portOf(instance: FerryInstance): number {
    const replica = instance.split('#')[1];
    return this.options.ports[serviceOf(instance)] + REPLICA_PORT_STEP * Number(replica ?? 0);
  }

  /** The operating system's id of a running process (for reading its /proc figures), if it runs. */
  pid(instance: FerryInstance): number | undefined {
    const child = this.children.get(instance);
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** Every process started so far, replicas included. */
  instances(): FerryInstance[] {
    return [...this.children.keys()];
  }

  get logsDir(): string {
    return this.options.logsDir;
  }

  logFile(instance: FerryInstance): string {
    return join(this.options.logsDir, `${instance.replace('#', '-replica-')}.log`);
  }

  /** Starts another replica of a service (same database and consumer group, its own port and instance id). */
  async startReplica(name: FerryServiceName, replica: number): Promise<FerryInstance> {
    const instance: FerryInstance = `${name}#${replica}`;
    await this.respawn(instance);
    return instance;
  }

  /** kill -9 and wait for the exit: a crash, with no chance to finish anything. */
  async kill(instance: FerryInstance): Promise<void> {
    await this.signal(instance, 'SIGKILL');
  }

  /** Starts a stopped or killed process again and waits until it is healthy. */
  async respawn(instance: FerryInstance): Promise<void> {
    this.spawn(instance);
    await this.waitHealthy(instance);
  }

  /** The services whose tenant APIs the ops console (served by observability) reaches: control-plane and every delivery service run here. */
  consoleUpstreams(): string {
    return this.options.services
      .filter((name) => ['control-plane', 'reconciliation', 'master-data'].includes(name) || name.startsWith('delivery-'))
      .map((name) => `${name}=${this.url(name)}`)
      .join(',');
  }

  private spawn(instance: FerryInstance): void {
    const name = serviceOf(instance);
    const log = openSync(this.logFile(instance), 'a');
    const port = String(this.portOf(instance));
    // Ferry's services refuse to start without --disable-proto=throw; the simulators stand in for ERPs and run as is.
    const hardening = (SIMULATORS as readonly string[]).includes(name) ? [] : ['--disable-proto=throw'];
    const nodeArgs = ['--enable-source-maps', ...hardening, ...this.options.nodeArgsFor(name)];
    const child = spawn(process.execPath, [...nodeArgs, entryPoint(name, this.options.root)], {
      cwd: this.options.root,
      env: {
        ...inheritedEnv(),
        // The ERP simulators listen on http://127.0.0.1: local runs (tests, the demo) need the egress policy's
        // local-development switch; a suite that tests the strict policy sets it to false in options.env.
        FERRY_EGRESS_LOCAL_DEVELOPMENT: 'true',
        ...this.options.env,
        ...(name === 'observability' ? { CONSOLE_UPSTREAMS: this.consoleUpstreams() } : {}),
        ...this.options.envFor(name),
        HTTP_PORT: port,
        METRICS_PORT: String(Number(port) + METRICS_PORT_OFFSET),
        NETSUITE_SIMULATOR_PORT: port,
        WEBHOOK_RECEIVER_PORT: port,
        DYNAMICS_SIMULATOR_PORT: port,
      },
      stdio: ['ignore', log, log],
      ...(this.options.runAs && process.getuid?.() === 0 ? this.options.runAs : {}),
    });
    this.children.set(instance, child);
  }

  async waitHealthy(instance: FerryInstance, timeoutMs = 90_000): Promise<void> {
    const name = serviceOf(instance);
    const child = this.children.get(instance);
    const deadline = Date.now() + timeoutMs;
    const simulator = (SIMULATORS as readonly string[]).includes(name);
    const probe =
      name === 'netsuite-simulator'
        ? '/__admin/accounts/none/records/customer'
        : name === 'webhook-receiver'
          ? '/__admin/endpoints/none/records'
          : simulator
            ? '/health'
            : '/health/ready';
    while (Date.now() < deadline) {
      if (child && child.exitCode !== null)
        throw new Error(`${instance} exited with code ${child.exitCode} during start-up:\n${tail(this.logFile(instance))}`);
      try {
        const response = await fetch(`${this.url(instance)}${probe}`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200 || (simulator && response.status === 404)) return;
      } catch {
        // not listening yet
      }
      await sleep(300);
    }
    throw new Error(`${instance} did not become healthy within ${timeoutMs} ms:\n${tail(this.logFile(instance))}`);
  }

  /** SIGTERM (graceful) or SIGKILL one process and wait for it to exit. */
  async signal(instance: FerryInstance, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.children.get(instance);
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
    const names = [...this.children.keys()];
    const isSimulator = (instance: FerryInstance) => (SIMULATORS as readonly string[]).includes(instance);
    await Promise.all(names.filter((name) => !isSimulator(name)).map((name) => this.signal(name)));
    await Promise.all(names.filter(isSimulator).map((name) => this.signal(name)));
  }
}
