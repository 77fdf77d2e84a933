import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of the fault suite's own, from the machine's PostgreSQL binaries, so a scenario can
 * restart it mid-stream without touching the shared server (which also holds the schema registry's data).
 * As root the server runs as the postgres user, as PostgreSQL requires.
 */
export class PrivatePostgres {
  private readonly dataDir: string;
  private readonly bin: string;

  constructor(readonly port = 5499) {
    this.dataDir = join(tmpdir(), `ferry-faults-pg-${port}`);
    this.bin = PrivatePostgres.binDir();
  }

  static binDir(): string {
    const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
    const dir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
    if (!dir || !existsSync(join(dir, 'pg_ctl')))
      throw new Error('PostgreSQL server binaries (pg_ctl, initdb) not found: install the postgresql package or put pg_config on PATH');
    return dir;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(command: string, args: string[]): string {
    const asRoot = userInfo().uid === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(this.bin, command), ...args]] : [join(this.bin, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  start(): void {
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      if (userInfo().uid === 0) {
        const postgres = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
        const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
        chownSync(this.dataDir, postgres, group);
      }
      this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
    }
    if (this.running()) return;
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dataDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** Stops the server if it runs and removes its data: each run of the suite starts from empty databases. */
  reset(): void {
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  running(): boolean {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  /** Fast shutdown (open connections are terminated), like a database failover or a restart for maintenance. */
  stop(): void {
    if (this.running()) this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }
}
