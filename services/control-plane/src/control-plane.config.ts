import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

export const CONTROL_PLANE = 'control-plane';

export interface ControlPlaneConfig extends PlatformConfig {
  /** Seals credentials on the way in; the control plane never opens them except to re-seal on rotation. */
  keyRing: KeyRing;
  /** Limits of the sandbox that runs previews, dry runs, save-time checks and schema-impact analysis. */
  sandbox: ExpressionSandboxOptions;
}

export function loadControlPlaneConfig(env = process.env): ControlPlaneConfig {
  const schema = platformEnvSchema(CONTROL_PLANE, 3006)
    .extend({ ...keyRingEnvShape, ...sandboxEnvShape })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const parsed = loadConfig(CONTROL_PLANE, schema, env);
  return { ...toPlatformConfig(CONTROL_PLANE, parsed), keyRing: parsed.keyRing, sandbox: toSandboxOptions(parsed) };
}
