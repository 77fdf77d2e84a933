import { CreateFerryLease1795401700000 } from '@ferry/database';
import { CreateReceivedEvent1795400000000 } from './1795400000000-create-received-event';
import { CreateIdempotencyEntry1795402100000 } from './1795402100000-create-idempotency-entry';
import { CreateRateLimitBucket1795402200000 } from './1795402200000-create-rate-limit-bucket';
import { AddReceivedEventRetentionIndex1795403500000 } from './1795403500000-add-received-event-retention-index';

/**
 * Every migration of ingestion's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const INGESTION_MIGRATIONS = [
  CreateReceivedEvent1795400000000,
  CreateFerryLease1795401700000,
  CreateIdempotencyEntry1795402100000,
  CreateRateLimitBucket1795402200000,
  AddReceivedEventRetentionIndex1795403500000,
];
