/**
 * How a failure must be handled:
 * - permanent: retrying cannot help (malformed input, validation, missing configuration) → dead-letter now;
 * - retryable: may succeed later (ERP 5xx, timeouts) → retry with backoff, then dead-letter;
 * - infrastructure: our own platform is unreachable (Kafka, registry, PostgreSQL) → do not commit, block and
 *   retry until it is back, so an outage never turns into a flood of dead letters.
 */
export type FailureClass = 'permanent' | 'retryable' | 'infrastructure';

export class ProcessingError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly failureClass: FailureClass,
    readonly code: string,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; errorClass?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProcessingError';
    this.retryAfterMs = options.retryAfterMs;
    this.errorClass = options.errorClass ?? failureClass;
  }

  /** Finer label recorded on dead letters and sync statuses (e.g. validation, throttled, malformed). */
  readonly errorClass: string;
}

export const permanent = (code: string, message: string, errorClass = 'permanent', cause?: unknown) =>
  new ProcessingError('permanent', code, message, { errorClass, cause });

export const retryable = (code: string, message: string, options: { cause?: unknown; retryAfterMs?: number; errorClass?: string } = {}) =>
  new ProcessingError('retryable', code, message, options);

export const infrastructure = (code: string, message: string, cause?: unknown) =>
  new ProcessingError('infrastructure', code, message, { cause, errorClass: 'infrastructure' });

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
