import { CreateFerryLease1795401700000, CreateOperatorAudit1795402300000 } from '@ferry/database';
import { CreateDeliveryLedger1795400100000 } from './1795400100000-create-delivery-ledger';
import { CreateDeliveryLanes1795400800000 } from './1795400800000-create-delivery-lanes';
import { GuardDeliveryQueueTransitions1795401600000 } from './1795401600000-guard-delivery-queue-transitions';
import { AddDeliveryQueueRetentionIndex1795403500000 } from './1795403500000-add-delivery-queue-retention-index';

/** Every migration of a delivery service's database, in order: what the services run at start and the integration specs run. */
export const DELIVERY_MIGRATIONS = [
  CreateDeliveryLedger1795400100000,
  CreateDeliveryLanes1795400800000,
  GuardDeliveryQueueTransitions1795401600000,
  CreateFerryLease1795401700000,
  CreateOperatorAudit1795402300000,
  AddDeliveryQueueRetentionIndex1795403500000,
];
