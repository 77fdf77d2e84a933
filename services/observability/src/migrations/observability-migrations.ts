import { CreateFerryLease1795401700000, CreateOperatorAudit1795402300000 } from '@ferry/database';
import { CreateSyncStatusTables1795400200000 } from './1795400200000-create-sync-status-tables';
import { AddSyncStatusErrorCode1795400500000 } from './1795400500000-add-sync-status-error-code';
import { CreateDeadLetter1795400900000 } from './1795400900000-create-dead-letter';
import { AddServiceLevels1795401500000 } from './1795401500000-add-service-levels';
import { AddSyncStatusEntityIndex1795402600000 } from './1795402600000-add-sync-status-entity-index';
import { CreateSystemOfRecordConflict1795402700000 } from './1795402700000-create-system-of-record-conflict';
import { CreateConsoleStreamToken1795403150000 } from './1795403150000-create-console-stream-token';
import { AddExceptionWork1795403160000 } from './1795403160000-add-exception-work';

/**
 * Every migration of observability's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const OBSERVABILITY_MIGRATIONS = [
  CreateSyncStatusTables1795400200000,
  AddSyncStatusErrorCode1795400500000,
  CreateDeadLetter1795400900000,
  AddServiceLevels1795401500000,
  CreateFerryLease1795401700000,
  CreateOperatorAudit1795402300000,
  AddSyncStatusEntityIndex1795402600000,
  CreateSystemOfRecordConflict1795402700000,
  CreateConsoleStreamToken1795403150000,
  AddExceptionWork1795403160000,
];
