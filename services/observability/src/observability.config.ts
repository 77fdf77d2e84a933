import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';

export const OBSERVABILITY = 'observability';

export interface ObservabilityConfig extends PlatformConfig {
  /** Replays of one event after which its dead letters are no longer replayed (a guard against replay loops). */
  deadLetterMaxReplays: number;
  /** Limits of the sandbox that runs replay dry runs. */
  sandbox: ExpressionSandboxOptions;
}

export function loadObservabilityConfig(env = process.env): ObservabilityConfig {
  const schema = platformEnvSchema(OBSERVABILITY, 3005).extend({
    DEAD_LETTER_MAX_REPLAYS: z.coerce.number().int().min(1).max(100).default(3),
    ...sandboxEnvShape,
  });
  const parsed = loadConfig(OBSERVABILITY, schema, env);
  return {
    ...toPlatformConfig(OBSERVABILITY, parsed),
    deadLetterMaxReplays: parsed.DEAD_LETTER_MAX_REPLAYS,
    sandbox: toSandboxOptions(parsed),
  };
}
