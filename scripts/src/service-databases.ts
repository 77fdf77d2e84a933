import { defaultDatabaseName } from '@ferry/config';
import { ERP_KINDS, deliveryServiceName } from '@ferry/contracts';
import { DELIVERY_MIGRATIONS } from '@ferry/delivery';
import type { ServiceDatabaseOptions } from '@ferry/database';
import { CONTROL_PLANE_MIGRATIONS } from '../../services/control-plane/src/migrations/control-plane-migrations';
import { INBOUND_SYNC_MIGRATIONS } from '../../services/inbound-sync/src/migrations/inbound-sync-migrations';
import { INGESTION_MIGRATIONS } from '../../services/ingestion/src/migrations/ingestion-migrations';
import { MASTER_DATA_MIGRATIONS } from '../../services/master-data/src/migrations/master-data-migrations';
import { OBSERVABILITY_MIGRATIONS } from '../../services/observability/src/migrations/observability-migrations';
import { RECONCILIATION_MIGRATIONS } from '../../services/reconciliation/src/migrations/reconciliation-migrations';

/** One service's own database: the service it belongs to and the migrations that service runs at start. */
export interface ServiceDatabase {
  service: string;
  migrations: ServiceDatabaseOptions['migrations'];
}

/**
 * Every service with a database of its own, with the same migration list its app module hands to
 * serviceDatabaseModule. A spec checks it against the services whose main.ts says usesDatabase: true.
 */
export const SERVICE_DATABASES: readonly ServiceDatabase[] = [
  { service: 'ingestion', migrations: INGESTION_MIGRATIONS },
  { service: 'control-plane', migrations: CONTROL_PLANE_MIGRATIONS },
  { service: 'observability', migrations: OBSERVABILITY_MIGRATIONS },
  { service: 'reconciliation', migrations: RECONCILIATION_MIGRATIONS },
  { service: 'inbound-sync', migrations: INBOUND_SYNC_MIGRATIONS },
  { service: 'master-data', migrations: MASTER_DATA_MIGRATIONS },
  ...ERP_KINDS.map((kind) => ({ service: deliveryServiceName(kind), migrations: DELIVERY_MIGRATIONS })),
];

/**
 * The database each service opens when DATABASE_NAME is unset (libs/config defaultDatabaseName); a prefix other
 * than "ferry_" gives throwaway copies, as the test environments do.
 */
export function databaseNameOf(service: string, prefix?: string): string {
  return defaultDatabaseName(service, prefix);
}

/** The databases to migrate: all of them, or those of the services named (each must have one). */
export function selectServiceDatabases(
  requested: readonly string[],
  databases: readonly ServiceDatabase[] = SERVICE_DATABASES,
): { selected: ServiceDatabase[] } | { unknown: string[] } {
  if (requested.length === 0) return { selected: [...databases] };
  const unknown = requested.filter((service) => !databases.some((database) => database.service === service));
  if (unknown.length > 0) return { unknown };
  return { selected: databases.filter((database) => requested.includes(database.service)) };
}
