import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { sandboxEnvShape, toSandboxOptions, type ExpressionSandboxOptions } from '@ferry/mapping';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

export const INBOUND_SYNC = 'inbound-sync';

export interface InboundSyncConfig extends PlatformConfig {
  keyRing: KeyRing;
  pollIntervalSeconds: number;
  /** A change is taken only once it is this old, so Ferry's own write is reported (sync-status) before the echo check. */
  echoSettleSeconds: number;
  /** Limits of the sandbox that runs the templates' inbound expressions. */
  sandbox: ExpressionSandboxOptions;
  /** Signed ERP webhooks: how far a signature's timestamp may be from our clock, and the largest body taken. */
  webhook: { toleranceSeconds: number; maxBodyBytes: number };
}

export function loadInboundSyncConfig(env = process.env): InboundSyncConfig {
  const schema = platformEnvSchema(INBOUND_SYNC, 3013)
    .extend({
      ...keyRingEnvShape,
      ...sandboxEnvShape,
      INBOUND_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.2).max(86_400).default(60),
      INBOUND_ECHO_SETTLE_SECONDS: z.coerce.number().min(0).max(3_600).default(10),
      INBOUND_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
      INBOUND_WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(2_000_000).default(262_144),
    })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const parsed = loadConfig(INBOUND_SYNC, schema, env);
  return {
    ...toPlatformConfig(INBOUND_SYNC, parsed),
    keyRing: parsed.keyRing,
    pollIntervalSeconds: parsed.INBOUND_POLL_INTERVAL_SECONDS,
    echoSettleSeconds: parsed.INBOUND_ECHO_SETTLE_SECONDS,
    sandbox: toSandboxOptions(parsed),
    webhook: { toleranceSeconds: parsed.INBOUND_WEBHOOK_TOLERANCE_SECONDS, maxBodyBytes: parsed.INBOUND_WEBHOOK_MAX_BODY_BYTES },
  };
}
