import { z } from 'zod';
import { DEFAULT_SANDBOX_OPTIONS, type ExpressionSandboxOptions } from './expression-sandbox';

const bounded = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Environment of every service that evaluates tenant expressions; every value has a floor and a ceiling. */
export const sandboxEnvShape = {
  MAPPING_SANDBOX_PROCESSES: bounded(1, 16, DEFAULT_SANDBOX_OPTIONS.processes),
  MAPPING_SANDBOX_DEADLINE_MS: bounded(10, 10_000, DEFAULT_SANDBOX_OPTIONS.deadlineMs),
  MAPPING_SANDBOX_MEMORY_MB: bounded(32, 2048, DEFAULT_SANDBOX_OPTIONS.memoryMb),
  MAPPING_SANDBOX_MAX_OUTPUT_BYTES: bounded(1024, 8 * 1024 * 1024, DEFAULT_SANDBOX_OPTIONS.maxOutputBytes),
  MAPPING_SANDBOX_QUARANTINE_AFTER: bounded(1, 1000, DEFAULT_SANDBOX_OPTIONS.quarantineAfter),
  MAPPING_SANDBOX_QUARANTINE_SECONDS: bounded(0, 86_400, DEFAULT_SANDBOX_OPTIONS.quarantineMs / 1000),
};

export type SandboxEnv = z.output<z.ZodObject<typeof sandboxEnvShape>>;

export function toSandboxOptions(env: SandboxEnv): ExpressionSandboxOptions {
  return {
    ...DEFAULT_SANDBOX_OPTIONS,
    processes: env.MAPPING_SANDBOX_PROCESSES,
    deadlineMs: env.MAPPING_SANDBOX_DEADLINE_MS,
    memoryMb: env.MAPPING_SANDBOX_MEMORY_MB,
    maxOutputBytes: env.MAPPING_SANDBOX_MAX_OUTPUT_BYTES,
    quarantineAfter: env.MAPPING_SANDBOX_QUARANTINE_AFTER,
    quarantineMs: env.MAPPING_SANDBOX_QUARANTINE_SECONDS * 1000,
  };
}
