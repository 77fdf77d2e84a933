import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';

export const OBSERVABILITY = 'observability';

export interface ObservabilityConfig extends PlatformConfig {
  /** Replays of one event after which its dead letters are no longer replayed (a guard against replay loops). */
  deadLetterMaxReplays: number;
  /** Limits of the sandbox that runs replay dry runs. */
  sandbox: ExpressionSandboxOptions;
  /** Order sync completion objective (product event → ERP acknowledgement); completions are counted met or missed. */
  completionObjectiveMs: number;
}

export function loadObservabilityConfig(env = process.env): ObservabilityConfig {
  const schema = platformEnvSchema(OBSERVABILITY, 3005).extend({
    DEAD_LETTER_MAX_REPLAYS: z.coerce.number().int().min(1).max(100).default(3),
    SYNC_COMPLETION_OBJECTIVE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(300),
    ...sandboxEnvShape,
  });
  const parsed = loadConfig(OBSERVABILITY, schema, env);
  return {
    ...toPlatformConfig(OBSERVABILITY, parsed),
    deadLetterMaxReplays: parsed.DEAD_LETTER_MAX_REPLAYS,
    sandbox: toSandboxOptions(parsed),
    completionObjectiveMs: parsed.SYNC_COMPLETION_OBJECTIVE_SECONDS * 1000,
  };
}
