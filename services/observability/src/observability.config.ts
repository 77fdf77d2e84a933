import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';

export const OBSERVABILITY = 'observability';

export type ObservabilityConfig = PlatformConfig;

export function loadObservabilityConfig(env = process.env): ObservabilityConfig {
  return toPlatformConfig(OBSERVABILITY, loadConfig(OBSERVABILITY, platformEnvSchema(OBSERVABILITY, 3005), env));
}
