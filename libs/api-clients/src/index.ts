import createClient, { type Client } from 'openapi-fetch';
import type { paths as ControlPlanePaths } from './generated/control-plane';
import type { paths as DeliveryLanesPaths } from './generated/delivery-lanes';
import type { paths as InboundSyncPaths } from './generated/inbound-sync';
import type { paths as IngestionPaths } from './generated/ingestion';
import type { paths as MasterDataPaths } from './generated/master-data';
import type { paths as ObservabilityPaths } from './generated/observability';
import type { paths as ReconciliationPaths } from './generated/reconciliation';
import type { paths as TransformationPaths } from './generated/transformation';

export type {
  ControlPlanePaths,
  DeliveryLanesPaths,
  InboundSyncPaths,
  IngestionPaths,
  MasterDataPaths,
  ObservabilityPaths,
  ReconciliationPaths,
  TransformationPaths,
};

/** Where a Ferry API is and who calls it: a tenant API key or an operator token (omit for the public routes). */
export interface FerryClientOptions {
  baseUrl: string;
  token?: string;
  /** For tests and proxies; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/**
 * A typed client for one Ferry API, from the types openapi-typescript generates out of its OpenAPI document
 * (npm run api:generate): paths, parameters, bodies and answers are checked by the compiler against the document.
 */
function ferryClient<Paths extends object>(options: FerryClientOptions): Client<Paths> {
  return createClient<Paths>({
    baseUrl: options.baseUrl,
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export const controlPlaneClient = (options: FerryClientOptions) => ferryClient<ControlPlanePaths>(options);
export const ingestionClient = (options: FerryClientOptions) => ferryClient<IngestionPaths>(options);
export const observabilityClient = (options: FerryClientOptions) => ferryClient<ObservabilityPaths>(options);
export const reconciliationClient = (options: FerryClientOptions) => ferryClient<ReconciliationPaths>(options);
/** Any delivery service's lane endpoints (each delivery service on its own base URL). */
export const deliveryLanesClient = (options: FerryClientOptions) => ferryClient<DeliveryLanesPaths>(options);
export const inboundSyncClient = (options: FerryClientOptions) => ferryClient<InboundSyncPaths>(options);
export const transformationClient = (options: FerryClientOptions) => ferryClient<TransformationPaths>(options);
export const masterDataClient = (options: FerryClientOptions) => ferryClient<MasterDataPaths>(options);
