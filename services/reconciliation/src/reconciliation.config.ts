import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

export const RECONCILIATION = 'reconciliation';

export interface ReconciliationConfig extends PlatformConfig {
  /** Reading an ERP needs the connection's credentials, so this service holds the key ring too. */
  keyRing: KeyRing;
  /** Seconds between scheduled runs over every tenant; 0 turns the schedule off. */
  intervalSeconds: number;
}

export function loadReconciliationConfig(env = process.env): ReconciliationConfig {
  const schema = platformEnvSchema(RECONCILIATION, 3004)
    .extend({
      ...keyRingEnvShape,
      RECONCILIATION_INTERVAL_SECONDS: z.coerce
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 3600)
        .default(900),
    })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const parsed = loadConfig(RECONCILIATION, schema, env);
  return { ...toPlatformConfig(RECONCILIATION, parsed), keyRing: parsed.keyRing, intervalSeconds: parsed.RECONCILIATION_INTERVAL_SECONDS };
}
