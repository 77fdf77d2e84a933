/** What the expression sandbox evaluates and answers. Plain data only: it crosses a process boundary. */

/** One tenant expression of a program, e.g. id `mappings.customer@ns-main.fieldExpressions.companyName`. */
export interface ProgramExpression {
  id: string;
  text: string;
  /** Index into the program's valueMapSets, for mapping expressions that call $valueMap(name, value). */
  valueMaps?: number;
}

/**
 * Every expression one event needs (a tenant's rule conditions and mappings for its entity type), evaluated
 * against the same input in one task, so the cost of crossing into the sandbox is paid once per event.
 */
export interface ExpressionProgram {
  expressions: readonly ProgramExpression[];
  valueMapSets: readonly Record<string, Record<string, string>>[];
}

export type ExpressionOutcome = { ok: true; value: unknown } | { ok: false; message: string; position?: number; code?: string };

/** A limit ends the whole task: the event's mapping failed, whatever its other expressions would have done. */
export type SandboxLimitCode =
  | 'EXPRESSION_TIMEOUT'
  | 'EXPRESSION_MEMORY_LIMIT'
  | 'EXPRESSION_OUTPUT_TOO_LARGE'
  | 'EXPRESSION_TOO_DEEP'
  | 'EXPRESSION_SEQUENCE_TOO_LONG'
  | 'EXPRESSION_QUARANTINED'
  | 'SANDBOX_CRASHED';

export type ProgramResult =
  { kind: 'evaluated'; outcomes: ExpressionOutcome[] } | { kind: 'limit'; code: SandboxLimitCode; message: string; expressionId?: string };

export interface SandboxLimits {
  /** Wall-clock budget of one task (all expressions for one event). */
  deadlineMs: number;
  /** V8 old-generation heap of each sandbox process; beyond it the process dies and its task fails. */
  memoryMb: number;
  /** Sum of the JSON sizes of a task's results. */
  maxOutputBytes: number;
  /** JSONata evaluation depth (recursion). */
  maxDepth: number;
  /** Longest sequence an expression may build. */
  maxSequenceLength: number;
}

export interface WorkerBatch {
  batchId: number;
  programs: ExpressionProgram[];
  tasks: { program: number; input: string }[];
}

export interface WorkerAnswer {
  batchId: number;
  results: ProgramResult[];
}
