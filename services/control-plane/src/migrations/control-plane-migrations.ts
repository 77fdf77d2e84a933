import { CreateControlPlaneTables1795400400000 } from './1795400400000-create-control-plane-tables';
import { CreateMappingIncidents1795401100000 } from './1795401100000-create-mapping-incidents';

/**
 * Every migration of control-plane's database, in order: what the service runs at start (app.module.ts) and what
 * `npm run migrate` runs once per release (scripts/src/service-databases.ts). It imports no app module, so that
 * command loads no service.
 */
export const CONTROL_PLANE_MIGRATIONS = [CreateControlPlaneTables1795400400000, CreateMappingIncidents1795401100000];
