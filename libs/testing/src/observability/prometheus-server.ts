import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PrometheusResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string] }[] };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A real Prometheus (Debian's `prometheus`, installed by scripts/ensure-tools.sh) scraping the given targets
 * every second and evaluating the given rule files, in a temporary directory, for tests that check PromQL
 * against what Ferry really exports.
 */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(options: {
    targets: { job: string; url: string }[];
    ruleFiles: string[];
    binary?: string;
  }): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-prometheus-'));
    const jobs = new Map<string, { hosts: string[]; path: string }>();
    for (const target of options.targets) {
      const url = new URL(target.url);
      const job = jobs.get(target.job) ?? { hosts: [], path: url.pathname };
      job.hosts.push(url.host);
      jobs.set(target.job, job);
    }
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
      rule_files: options.ruleFiles,
      scrape_configs: [...jobs].map(([job, { hosts, path }]) => ({
        job_name: job,
        metrics_path: path,
        static_configs: [{ targets: hosts }],
      })),
    };
    // JSON is YAML: no YAML library needed for the config.
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
    const port = await freePort();
    const log = openSync(join(dir, 'prometheus.log'), 'a');
    const child = spawn(
      options.binary ?? 'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${server.log()}`);
      try {
        if ((await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return server;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    await server.stop();
    throw new Error(`prometheus did not become ready:\n${server.log()}`);
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'prometheus.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  }

  async query(expression: string): Promise<PrometheusResult> {
    const response = await fetch(`${this.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expression }),
    });
    return (await response.json()) as PrometheusResult;
  }

  async labelValues(label: string, match: string): Promise<string[]> {
    const response = await fetch(`${this.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`);
    return ((await response.json()) as { data: string[] }).data;
  }

  /** Targets whose last scrape failed, with the reason. */
  async unhealthyTargets(): Promise<string[]> {
    const response = await fetch(`${this.url}/api/v1/targets`);
    const body = (await response.json()) as { data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] } };
    return body.data.activeTargets
      .filter((target) => target.health !== 'up')
      .map((target) => `${target.scrapeUrl}: ${target.health} ${target.lastError}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => this.child.kill('SIGKILL'))]);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
