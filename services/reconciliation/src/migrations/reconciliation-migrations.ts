import { CreateFerryLease1795401700000, CreateOperatorAudit1795402300000 } from '@ferry/database';
import { CreateReconciliationTables1795400300000 } from './1795400300000-create-reconciliation-tables';
import { AddCanonicalBooksAndRunJobs1795402300000 } from './1795402300000-add-canonical-books-and-run-jobs';
import { AddIncrementalWatermarksAndTotals1795402400000 } from './1795402400000-add-incremental-watermarks-and-totals';
import { AddReconciliationRetentionIndex1795403500000 } from './1795403500000-add-reconciliation-retention-index';

/**
 * Every migration of reconciliation's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const RECONCILIATION_MIGRATIONS = [
  CreateReconciliationTables1795400300000,
  CreateFerryLease1795401700000,
  AddCanonicalBooksAndRunJobs1795402300000,
  CreateOperatorAudit1795402300000,
  AddIncrementalWatermarksAndTotals1795402400000,
  AddReconciliationRetentionIndex1795403500000,
];
