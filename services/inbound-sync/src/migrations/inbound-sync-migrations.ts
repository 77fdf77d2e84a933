import { CreateFerryLease1795401700000 } from '@ferry/database';
import { CreateInboundCursor1795400600000 } from './1795400600000-create-inbound-cursor';
import { CreateDeliveredContent1795401900000 } from './1795401900000-create-delivered-content';
import { CreateErpRecordLink1795402700000 } from './1795402700000-create-erp-record-link';
import { CreateInboundBaseline1795402600000 } from './1795402600000-create-inbound-baseline';
import { CreateErpStatusFile1795403100000 } from './1795403100000-create-erp-status-file';
import { CreateErpWebhookReceipt1795403200000 } from './1795403200000-create-erp-webhook-receipt';

/**
 * Every migration of inbound-sync's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const INBOUND_SYNC_MIGRATIONS = [
  CreateInboundCursor1795400600000,
  CreateFerryLease1795401700000,
  CreateDeliveredContent1795401900000,
  CreateInboundBaseline1795402600000,
  CreateErpRecordLink1795402700000,
  CreateErpStatusFile1795403100000,
  CreateErpWebhookReceipt1795403200000,
];
