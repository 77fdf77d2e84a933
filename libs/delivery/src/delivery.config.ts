import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
import { deliveryServiceName } from '@ferry/contracts';
import { keyRingEnvShape, parseKeyRing, type KeyRing } from '@ferry/secrets';

export interface DeliveryConfig extends PlatformConfig {
  erpKind: string;
  keyRing: KeyRing;
  /** Tries per command for retryable ERP failures before it is dead-lettered. */
  maxAttempts: number;
  retryBaseDelayMs: number;
}

/** Every per-ERP delivery service reads the same variables; only its name, port and ERP differ. */
export function loadDeliveryConfig(erpKind: string, defaultPort: number, env = process.env): DeliveryConfig {
  const service = deliveryServiceName(erpKind);
  const schema = platformEnvSchema(service, defaultPort)
    .extend({
      ...keyRingEnvShape,
      DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
      DELIVERY_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(1).max(60000).default(500),
    })
    .transform((values, ctx) => ({ ...values, keyRing: parseKeyRing(values, ctx) }));
  const { keyRing, ...parsed } = loadConfig(service, schema, env);
  return {
    ...toPlatformConfig(service, parsed),
    erpKind,
    keyRing,
    maxAttempts: parsed.DELIVERY_MAX_ATTEMPTS,
    retryBaseDelayMs: parsed.DELIVERY_RETRY_BASE_DELAY_MS,
  };
}
