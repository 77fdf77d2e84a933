import { z } from 'zod';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';

export const INGESTION = 'ingestion';

export interface IngestionConfig extends PlatformConfig {
  /** Most events one HTTP batch may carry. */
  maxBatchSize: number;
}

const schema = platformEnvSchema(INGESTION, 3001).extend({
  INGESTION_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
});

export function loadIngestionConfig(env = process.env): IngestionConfig {
  const parsed = loadConfig(INGESTION, schema, env);
  return { ...toPlatformConfig(INGESTION, parsed), maxBatchSize: parsed.INGESTION_MAX_BATCH_SIZE };
}
