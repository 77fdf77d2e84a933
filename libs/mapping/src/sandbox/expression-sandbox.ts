import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ExpressionProgram, ProgramResult, SandboxLimitCode, SandboxLimits, WorkerAnswer, WorkerBatch } from './sandbox-protocol';
import { quarantineVerdict, recordLimitHit, type QuarantineState } from './sandbox-quarantine';
import { PROGRESS_FD, childSource, type SandboxChildSettings } from './sandbox-child';

export interface ExpressionSandboxOptions extends SandboxLimits {
  /** Sandbox processes evaluating in parallel. */
  processes: number;
  /** Most tasks (events) sent to a process in one message. */
  maxBatchTasks: number;
  /** Most input bytes (JSON) in one message, so a batch of large events cannot exhaust a process by itself. */
  maxBatchInputBytes: number;
  /** Limit hits (timeouts, memory) of one program after which its tasks fail at once for quarantineMs. */
  quarantineAfter: number;
  quarantineMs: number;
}

export const DEFAULT_SANDBOX_OPTIONS: ExpressionSandboxOptions = {
  deadlineMs: 500,
  memoryMb: 128,
  maxOutputBytes: 512 * 1024,
  maxDepth: 500,
  maxSequenceLength: 100_000,
  processes: 1,
  maxBatchTasks: 64,
  maxBatchInputBytes: 8 * 1024 * 1024,
  quarantineAfter: 3,
  quarantineMs: 10 * 60_000,
};

/** Evaluates tenant expressions; the only way Ferry runs JSONata that a tenant wrote. */
export interface ExpressionEvaluator {
  evaluate(program: ExpressionProgram, input: unknown): Promise<ProgramResult>;
}

interface Task {
  program: ExpressionProgram;
  input: string;
  /** Evaluated alone in its own batch: after a process died, so the next death names its culprit exactly. */
  alone: boolean;
  resolve(result: ProgramResult): void;
}

interface SandboxProcess {
  child: ChildProcess;
  batch: { id: number; tasks: Task[] } | undefined;
  /** The task the process announced last, and when the announcement arrived. */
  running: { batchId: number; index: number; since: number } | undefined;
  /** Why the pool ended it, when it did. */
  endedFor: { code: SandboxLimitCode; message: string } | undefined;
  ended: boolean;
}

/**
 * Tenant JSONata runs in separate Node.js processes with hard limits: a heap cap (--max-old-space-size; a process
 * that exceeds it dies alone, where a worker thread's single huge allocation can abort the whole service), a
 * deadline per task enforced cooperatively by JSONata's guardrails and, for anything that blocks (a huge sort, a
 * giant string), by killing the process; caps on result size, nesting depth and sequence length; regular
 * expressions on a linear-time engine. A limit fails that one task (the caller dead-letters that event); the other
 * tasks of the batch run again, each alone, in a fresh process. A program that keeps hitting limits is quarantined
 * for a while, so a frozen mapping cannot take the sandbox's time from other tenants.
 *
 * Tasks queued in the same tick travel to a process together, so crossing the process boundary is paid per batch.
 * Processes start on first use.
 */
export class ExpressionSandbox implements ExpressionEvaluator {
  private readonly queue: Task[] = [];
  private readonly pool: (SandboxProcess | undefined)[];
  private readonly quarantine = new WeakMap<ExpressionProgram, QuarantineState>();
  private watchdog: NodeJS.Timeout | undefined;
  private nextBatchId = 1;
  private flushScheduled = false;
  private closed = false;

  constructor(readonly options: ExpressionSandboxOptions = DEFAULT_SANDBOX_OPTIONS) {
    this.pool = Array.from({ length: Math.max(1, options.processes) }, () => undefined);
  }

  evaluate(program: ExpressionProgram, input: unknown): Promise<ProgramResult> {
    if (this.closed) return Promise.resolve(limit('SANDBOX_CRASHED', 'the expression sandbox is shut down'));
    const verdict = quarantineVerdict(this.quarantine.get(program), Date.now(), this.options);
    if (verdict) return Promise.resolve(limit('EXPRESSION_QUARANTINED', verdict));
    return new Promise((resolve) => {
      this.queue.push({ program, input: JSON.stringify(input ?? null), alone: false, resolve });
      this.scheduleFlush();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const task of this.queue.splice(0)) task.resolve(limit('SANDBOX_CRASHED', 'the expression sandbox is shut down'));
    await Promise.all(
      this.pool.map(async (entry) => {
        if (!entry || entry.ended) return;
        const closed = new Promise((resolve) => entry.child.once('close', resolve));
        this.end(entry, 'SANDBOX_CRASHED', 'the expression sandbox is shut down');
        await closed;
      }),
    );
  }

  private start(): SandboxProcess {
    const settings: SandboxChildSettings = {
      jsonataPath: require.resolve('jsonata'),
      re2Path: require.resolve('re2js'),
      limits: {
        deadlineMs: this.options.deadlineMs,
        maxOutputBytes: this.options.maxOutputBytes,
        maxDepth: this.options.maxDepth,
        maxSequenceLength: this.options.maxSequenceLength,
      },
    };
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${this.options.memoryMb}`,
        '--stack-size=4000',
        '--disable-proto=throw',
        '-e',
        childSource(),
        JSON.stringify(settings),
      ],
      {
        // Only what the sandbox needs: no secrets from the service's environment reach tenant code's process.
        env: {},
        stdio: ['ignore', 'ignore', 'ignore', 'ipc', 'pipe'],
        serialization: 'advanced',
      },
    );
    const entry: SandboxProcess = { child, batch: undefined, running: undefined, endedFor: undefined, ended: false };
    holdOpen(entry, false);
    const progress = child.stdio[PROGRESS_FD] as Readable;
    progress.setEncoding('utf8');
    let partial = '';
    progress.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      const last = lines.at(-1);
      if (!last) return;
      const [batchId, index] = last.split(' ').map(Number);
      entry.running = { batchId: batchId ?? 0, index: index ?? -1, since: Date.now() };
    });
    (progress as Readable & { unref?: () => void }).unref?.();
    child.on('message', (answer: WorkerAnswer) => this.finished(entry, answer));
    child.on('error', () => this.end(entry, 'SANDBOX_CRASHED', 'the sandbox process could not run'));
    child.on('close', (code, signal) => this.closedProcess(entry, code, signal));
    this.ensureWatchdog();
    return entry;
  }

  private ensureWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => this.enforceDeadlines(), Math.max(10, Math.floor(this.options.deadlineMs / 4)));
    this.watchdog.unref();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    for (let slot = 0; slot < this.pool.length && this.queue.length > 0; slot += 1) {
      let entry = this.pool[slot];
      if (entry?.batch) continue;
      if (!entry || entry.ended) entry = this.pool[slot] = this.start();
      const tasks = this.takeBatch();
      const programs: ExpressionProgram[] = [];
      const programIndex = new Map<ExpressionProgram, number>();
      const message: WorkerBatch = {
        batchId: this.nextBatchId++,
        programs,
        tasks: tasks.map((task) => {
          let index = programIndex.get(task.program);
          if (index === undefined) {
            index = programs.push(task.program) - 1;
            programIndex.set(task.program, index);
          }
          return { program: index, input: task.input };
        }),
      };
      entry.batch = { id: message.batchId, tasks };
      entry.running = undefined;
      holdOpen(entry, true);
      entry.child.send(message, (error) => {
        if (error) this.end(entry, 'SANDBOX_CRASHED', `the sandbox process could not be reached: ${error.message}`);
      });
    }
  }

  private takeBatch(): Task[] {
    const first = this.queue.shift()!;
    if (first.alone) return [first];
    const tasks = [first];
    let bytes = first.input.length;
    while (this.queue.length > 0 && tasks.length < this.options.maxBatchTasks) {
      const next = this.queue[0]!;
      if (next.alone || bytes + next.input.length > this.options.maxBatchInputBytes) break;
      tasks.push(this.queue.shift()!);
      bytes += next.input.length;
    }
    return tasks;
  }

  private finished(entry: SandboxProcess, answer: WorkerAnswer): void {
    const batch = entry.batch;
    if (!batch || batch.id !== answer.batchId) return;
    entry.batch = undefined;
    entry.running = undefined;
    holdOpen(entry, false);
    batch.tasks.forEach((task, index) => this.settle(task, answer.results[index] ?? limit('SANDBOX_CRASHED', 'no result')));
    this.scheduleFlush();
  }

  private settle(task: Task, result: ProgramResult): void {
    if (result.kind === 'limit' && (result.code === 'EXPRESSION_TIMEOUT' || result.code === 'EXPRESSION_MEMORY_LIMIT')) {
      this.quarantine.set(task.program, recordLimitHit(this.quarantine.get(task.program), Date.now()));
    }
    task.resolve(result);
  }

  /** A task past its deadline (plus a grace for JSONata's own timeout to act) ends its process. */
  private enforceDeadlines(): void {
    const now = Date.now();
    const grace = Math.max(100, this.options.deadlineMs / 2);
    for (const entry of this.pool) {
      if (!entry?.batch || entry.ended || !entry.running || entry.running.batchId !== entry.batch.id) continue;
      if (now - entry.running.since > this.options.deadlineMs + grace)
        this.end(entry, 'EXPRESSION_TIMEOUT', `evaluation ran longer than ${this.options.deadlineMs} ms and was stopped`);
    }
  }

  private end(entry: SandboxProcess, code: SandboxLimitCode, message: string): void {
    if (entry.ended) return;
    entry.ended = true;
    entry.endedFor = { code, message };
    entry.child.kill('SIGKILL');
  }

  /**
   * A process is gone (killed by the watchdog, out of memory, crashed): the task it was running fails with the
   * reason; the rest of its batch goes back to the front of the queue, each task alone, and a new process takes over.
   */
  private closedProcess(entry: SandboxProcess, code: number | null, signal: NodeJS.Signals | null): void {
    entry.ended = true;
    const batch = entry.batch;
    entry.batch = undefined;
    if (batch) {
      const reason =
        entry.endedFor ??
        (signal === 'SIGABRT' || code === 134
          ? { code: 'EXPRESSION_MEMORY_LIMIT' as const, message: `evaluation used more than the sandbox's ${this.options.memoryMb} MB` }
          : { code: 'SANDBOX_CRASHED' as const, message: `the sandbox process stopped (${signal ?? `exit code ${code}`})` });
      const running = entry.running?.batchId === batch.id ? entry.running.index : -1;
      const retry: Task[] = [];
      batch.tasks.forEach((task, index) => {
        // A task alone in its batch ended the process even when it had not been announced yet.
        if (index === running || (running === -1 && task.alone) || this.closed)
          return this.settle(task, limit(reason.code, reason.message));
        // Culprit unknown: each task runs alone next time, so another death names its culprit exactly.
        retry.push(running === -1 ? { ...task, alone: true } : task);
      });
      this.queue.unshift(...retry);
    }
    this.scheduleFlush();
  }
}

/** An idle sandbox process does not keep the service alive; one with work in hand does, until it answers. */
function holdOpen(entry: SandboxProcess, busy: boolean): void {
  const channel = entry.child.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (busy) {
    entry.child.ref();
    channel?.ref?.();
  } else {
    entry.child.unref();
    channel?.unref?.();
  }
}

function limit(code: SandboxLimitCode, message: string): ProgramResult {
  return { kind: 'limit', code, message };
}
