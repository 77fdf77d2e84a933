/* eslint-disable @typescript-eslint/no-require-imports -- this function's source runs as a process of its own (see
   childSource): it may only require modules by the absolute paths the pool resolved, never import. */
import type { ExpressionOutcome, ProgramResult, SandboxLimitCode, WorkerAnswer, WorkerBatch } from './sandbox-protocol';

/** What a sandbox process is told at start (as JSON, its first argument). */
export interface SandboxChildSettings {
  jsonataPath: string;
  re2Path: string;
  limits: { deadlineMs: number; maxOutputBytes: number; maxDepth: number; maxSequenceLength: number };
}

/** File descriptor on which a sandbox process announces each task it starts: "<batchId> <taskIndex>\n". */
export const PROGRESS_FD = 4;

/**
 * The body of a sandbox process. It must be self-contained (no closure over module scope) because the pool starts
 * it from its source text: that way the same code runs from dist/ and under jest's TypeScript transform.
 * Batches arrive on the IPC channel and results go back on it; the start of every task is written synchronously
 * to PROGRESS_FD first, so the pool knows which task was running when the process had to be killed or died.
 */
export function sandboxChildMain(): void {
  const { writeSync } = require('node:fs') as typeof import('node:fs');
  const settings = JSON.parse(process.argv[1] ?? '{}') as SandboxChildSettings;
  const jsonata = require(settings.jsonataPath) as typeof import('jsonata');
  const { RE2JS } = require(settings.re2Path) as typeof import('re2js');
  const limits = settings.limits;
  const progressFd = 4;

  /**
   * JSONata's regular expressions on RE2 (linear time), so no pattern can backtrack catastrophically. JSONata
   * only needs `lastIndex` and `exec`; lookaround and backreferences are refused at compile time.
   */
  class LinearTimeRegex {
    lastIndex = 0;
    private readonly pattern: ReturnType<typeof RE2JS.compile>;

    constructor(source: RegExp) {
      let flags = 0;
      if (source.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
      if (source.flags.includes('m')) flags |= RE2JS.MULTILINE;
      if (source.flags.includes('s')) flags |= RE2JS.DOTALL;
      try {
        this.pattern = RE2JS.compile(RE2JS.translateRegExp(source.source), flags);
      } catch (error) {
        throw Object.assign(
          new Error(
            `regular expression /${source.source}/ is not supported: ${(error as Error).message} (expressions run on a linear-time engine without lookaround or backreferences)`,
          ),
          { code: 'REGEX_UNSUPPORTED' },
        );
      }
    }

    exec(text: string): (string[] & { index: number }) | null {
      const start = this.lastIndex;
      const matcher = this.pattern.matcher(text);
      if (start > text.length || !matcher.find(start)) {
        this.lastIndex = 0;
        return null;
      }
      const groups: string[] = [matcher.group(0) ?? ''];
      for (let group = 1; group <= matcher.groupCount(); group += 1) groups.push(matcher.group(group) ?? (undefined as unknown as string));
      this.lastIndex = matcher.end();
      return Object.assign(groups, { index: matcher.start() });
    }
  }

  type Compiled = ReturnType<typeof jsonata>;
  const compiled = new Map<string, Compiled | Error>();
  const compile = (text: string): Compiled => {
    let entry = compiled.get(text);
    if (!entry) {
      try {
        entry = jsonata(text, {
          timeout: limits.deadlineMs,
          stack: limits.maxDepth,
          sequence: limits.maxSequenceLength,
          RegexEngine: LinearTimeRegex as unknown as RegExpConstructor,
        } as unknown as Parameters<typeof jsonata>[1]);
      } catch (error) {
        const failure = error as { message?: string; position?: number; code?: string };
        entry = Object.assign(new Error(String(failure.message)), { position: failure.position, code: failure.code });
      }
      if (compiled.size > 20_000) compiled.clear();
      compiled.set(text, entry);
    }
    if (entry instanceof Error) throw entry;
    return entry;
  };

  const limitOf = (error: unknown): { code: SandboxLimitCode; message: string } | undefined => {
    const code = (error as { code?: string }).code;
    if (code === 'D1012') return { code: 'EXPRESSION_TIMEOUT', message: `evaluation ran longer than ${limits.deadlineMs} ms` };
    if (code === 'D1011') return { code: 'EXPRESSION_TOO_DEEP', message: `evaluation nested deeper than ${limits.maxDepth} levels` };
    if (code === 'D2015' || code === 'D2014')
      return { code: 'EXPRESSION_SEQUENCE_TOO_LONG', message: `a sequence grew beyond ${limits.maxSequenceLength} items` };
    if (error instanceof RangeError) {
      if (/call stack/i.test(error.message)) return { code: 'EXPRESSION_TOO_DEEP', message: 'evaluation exhausted the stack' };
      return { code: 'EXPRESSION_MEMORY_LIMIT', message: `evaluation built a value too large: ${error.message}` };
    }
    return undefined;
  };

  const lookupValueMap = (maps: Record<string, Record<string, string>> | undefined, name: unknown, value: unknown) => {
    if (value === undefined || value === null || !maps || typeof name !== 'string' || !Object.hasOwn(maps, name)) return undefined;
    const map = maps[name] as Record<string, string>;
    const key = String(value);
    return Object.hasOwn(map, key) ? map[key] : undefined;
  };

  async function runTask(batch: WorkerBatch, index: number): Promise<ProgramResult> {
    const task = batch.tasks[index]!;
    const program = batch.programs[task.program]!;
    const input = JSON.parse(task.input) as unknown;
    const outcomes: ExpressionOutcome[] = [];
    let outputBytes = 0;
    for (const expression of program.expressions) {
      const maps = expression.valueMaps === undefined ? undefined : program.valueMapSets[expression.valueMaps];
      try {
        const value = (await compile(expression.text).evaluate(input, {
          valueMap: (name: unknown, value: unknown) => lookupValueMap(maps, name, value),
        })) as unknown;
        const json = value === undefined ? undefined : JSON.stringify(value);
        outputBytes += json?.length ?? 0;
        if (outputBytes > limits.maxOutputBytes)
          return {
            kind: 'limit',
            code: 'EXPRESSION_OUTPUT_TOO_LARGE',
            message: `the results exceeded ${limits.maxOutputBytes} bytes`,
            expressionId: expression.id,
          };
        outcomes.push({ ok: true, value: json === undefined ? undefined : (JSON.parse(json) as unknown) });
      } catch (error) {
        const limit = limitOf(error);
        if (limit) return { kind: 'limit', ...limit, expressionId: expression.id };
        const failure = error as { message?: string; position?: number; code?: string };
        outcomes.push({
          ok: false,
          message: String(failure.message ?? error).slice(0, 500),
          ...(typeof failure.position === 'number' ? { position: failure.position } : {}),
          ...(typeof failure.code === 'string' ? { code: failure.code } : {}),
        });
      }
    }
    return { kind: 'evaluated', outcomes };
  }

  process.on('message', (batch: WorkerBatch) => {
    void (async () => {
      const results: ProgramResult[] = [];
      for (let index = 0; index < batch.tasks.length; index += 1) {
        writeSync(progressFd, `${batch.batchId} ${index}\n`);
        results.push(await runTask(batch, index));
      }
      const answer: WorkerAnswer = { batchId: batch.batchId, results };
      process.send!(answer);
    })();
  });
  // The pool going away (its IPC channel closing) ends the sandbox too.
  process.on('disconnect', () => process.exit(0));
}

/** The process's source: the function above, called with nothing from this module's scope. */
export function childSource(): string {
  return `'use strict';\n(${sandboxChildMain.toString()})();\n`;
}
