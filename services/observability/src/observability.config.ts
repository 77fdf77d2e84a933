import { z } from 'zod';
import {
  loadConfig,
  platformEnvSchema,
  retentionEnvShape,
  toPlatformConfig,
  toRetentionConfig,
  type PlatformConfig,
  type RetentionConfig,
} from '@ferry/config';
import { join } from 'node:path';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';
import { parseConsoleUpstreams, type ConsoleUpstreams } from './console/console-upstreams';

export const OBSERVABILITY = 'observability';

export interface ObservabilityConfig extends PlatformConfig {
  /** Replays of one event after which its dead letters are no longer replayed (a guard against replay loops). */
  deadLetterMaxReplays: number;
  /** Limits of the sandbox that runs replay dry runs. */
  sandbox: ExpressionSandboxOptions;
  /** Order sync completion objective (product event → ERP acknowledgement); completions are counted met or missed. */
  completionObjectiveMs: number;
  /** The ops console: its built files, and the services whose tenant APIs it reaches through this one. */
  console: { assetsDir: string; upstreams: ConsoleUpstreams };
  /** The scheduled retention of sync statuses and dead letters (RETENTION_*). */
  retention: RetentionConfig;
}

/** Where scripts/build.mjs puts the console, seen from dist/services/observability/src. */
const BUILT_CONSOLE_DIR = join(__dirname, '..', '..', '..', 'apps', 'console');

export function loadObservabilityConfig(env = process.env): ObservabilityConfig {
  const schema = platformEnvSchema(OBSERVABILITY, 3005).extend({
    DEAD_LETTER_MAX_REPLAYS: z.coerce.number().int().min(1).max(100).default(3),
    SYNC_COMPLETION_OBJECTIVE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(300),
    CONSOLE_ASSETS_DIR: z.string().min(1).default(BUILT_CONSOLE_DIR),
    CONSOLE_UPSTREAMS: z
      .string()
      .default('')
      .superRefine((value, context) => {
        for (const problem of parseConsoleUpstreams(value).problems) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    ...sandboxEnvShape,
    ...retentionEnvShape,
  });
  const parsed = loadConfig(OBSERVABILITY, schema, env);
  return {
    ...toPlatformConfig(OBSERVABILITY, parsed),
    deadLetterMaxReplays: parsed.DEAD_LETTER_MAX_REPLAYS,
    sandbox: toSandboxOptions(parsed),
    completionObjectiveMs: parsed.SYNC_COMPLETION_OBJECTIVE_SECONDS * 1000,
    console: { assetsDir: parsed.CONSOLE_ASSETS_DIR, upstreams: parseConsoleUpstreams(parsed.CONSOLE_UPSTREAMS).upstreams },
    retention: toRetentionConfig(parsed),
  };
}
