import { CreateOperatorAudit1795402300000 } from '@ferry/database';
import { CreateMasterDataTables1795403100000 } from './1795403100000-create-master-data-tables';

/**
 * Every migration of master-data's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const MASTER_DATA_MIGRATIONS = [CreateOperatorAudit1795402300000, CreateMasterDataTables1795403100000];
