import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';

export const TRANSFORMATION = 'transformation';

export interface TransformationConfig extends PlatformConfig {
  /** Limits of the sandbox that evaluates tenants' mappings and rules. */
  sandbox: ExpressionSandboxOptions;
}

export function loadTransformationConfig(env = process.env): TransformationConfig {
  const parsed = loadConfig(TRANSFORMATION, platformEnvSchema(TRANSFORMATION, 3002).extend(sandboxEnvShape), env);
  return { ...toPlatformConfig(TRANSFORMATION, parsed), sandbox: toSandboxOptions(parsed) };
}
