import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';

export const TRANSFORMATION = 'transformation';

export type TransformationConfig = PlatformConfig;

export function loadTransformationConfig(env = process.env): TransformationConfig {
  return toPlatformConfig(TRANSFORMATION, loadConfig(TRANSFORMATION, platformEnvSchema(TRANSFORMATION, 3002), env));
}
