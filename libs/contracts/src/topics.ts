/**
 * Every Kafka topic Ferry owns. Names carry a version: a breaking change to what a topic carries is a new topic.
 * Keys are UTF-8 strings that start with the tenant id (see entityKey in canonical-events.ts, and tenant-partitioner.ts in libs/kafka); values are Avro in the Confluent wire format.
 */
export const Topics = {
  /** The SaaS product publishes canonical events here. Key: tenantId:entityType:entityId. */
  productEvents: 'ferry.product-events.v1',
  /** Validated, de-duplicated canonical events. Key: tenantId:entityType:entityId. */
  canonicalEvents: 'ferry.canonical-events.v1',
  /** Mapped write instructions, one topic per ERP kind so one ERP's backlog never queues behind another's. */
  deliveryCommands: (erpKind: string): string => `ferry.delivery-commands.${erpKind}.v1`,
  /** Outcome of every event at every stage, for analysts and observability. Key: tenantId:entityType:entityId. */
  syncStatus: 'ferry.sync-status.v1',
  /** Tenant configuration, compacted: the latest record per tenant is the effective configuration. Key: tenantId. */
  tenantConfiguration: 'ferry.tenant-configuration.v1',
  /** Tenant API keys (hashes only), compacted. Key: keyId. */
  apiKeys: 'ferry.api-keys.v1',
  /** Differences reconciliation found between Ferry's books and an ERP. Key: tenantId:recordType:externalId. */
  reconciliationFindings: 'ferry.reconciliation-findings.v1',
  /**
   * ERP → product: what the ERPs did with the tenant's records (orders acknowledged, invoices paid, shipments
   * shipped, payments applied), one topic for every kind. Key: tenantId:entityType:erpRecordId.
   */
  erpEvents: 'ferry.erp-events.v1',
  /**
   * Fields an ERP changed although another system is their system of record (one record per record and field),
   * from inbound-sync. Key: tenantId:connectionId:erpRecordId.
   */
  systemOfRecordConflicts: 'ferry.master-data-conflicts.v1',
  /**
   * One golden record per real-world customer per tenant, from master-data, compacted: the latest record per key is
   * the customer's state (a merged-away id's last record names the survivor). Key: tenantId:goldenId.
   */
  goldenCustomers: 'ferry.golden-customers.v1',
  /** Messages a service could not process, with the reason, for inspection and replay. */
  deadLetter: (service: string): string => `ferry.dead-letter.${service}.v1`,
  /** Circuit, park and resume changes of each tenant's ERP connection, from the delivery services. Key: tenantId. */
  deliveryLaneStates: 'ferry.delivery-lane-states.v1',
} as const;

/**
 * Topics a product consumes, and the record each carries (a registry subject). The product client
 * (packages/ferry-client) gets a typed consumer for every entry: add the ERP → product topics here.
 */
export const PRODUCT_CONSUMABLE_TOPICS: readonly { topic: string; subject: string }[] = [
  { topic: Topics.syncStatus, subject: 'io.ferry.sync.v1.SyncStatus' },
];

/** Kafka headers Ferry sets on its own messages. */
export const FerryHeaders = {
  correlationId: 'ferry-correlation-id',
  entityType: 'ferry-entity-type',
  /** How often an operator replayed this event (absent = never); carried to the delivery command. */
  replayCount: 'ferry-replay-count',
  /** A replay meant for one ERP connection only. */
  replayConnection: 'ferry-replay-connection',
  /** The dead letter a replayed message came from. */
  replayOf: 'ferry-replay-of',
} as const;

export const ERP_KINDS = ['netsuite', 'webhook', 'dynamics365', 'oracle_fusion', 'csv_sftp', 'netsuite_soap', 'sap_s4'] as const;
export type ErpKind = (typeof ERP_KINDS)[number];

export interface TopicSpec {
  topic: string;
  partitions: number;
  config?: Record<string, string>;
}

/**
 * Largest record Ferry writes to its topics, below Kafka's default message.max.bytes (1 MiB) with room for the
 * batch overhead; KAFKA_MAX_RECORD_BYTES lowers or raises it to match the cluster.
 */
export const DEFAULT_MAX_RECORD_BYTES = 960 * 1024;
/**
 * A dead letter carries the failed message whole, plus its reason: dead-letter topics take records this much
 * larger than the limit, so a message that was itself at the limit can always be parked.
 */
export const DEAD_LETTER_RECORD_HEADROOM_BYTES = 256 * 1024;

/** Partition counts are set once here; a tenant's events all land in one partition (see tenantPartitioner). */
export function ferryTopicSpecs(partitions = 6, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): TopicSpec[] {
  const retained = { 'retention.ms': String(7 * 24 * 3600 * 1000) };
  return [
    { topic: Topics.productEvents, partitions, config: retained },
    { topic: Topics.canonicalEvents, partitions, config: retained },
    ...ERP_KINDS.map((kind) => ({ topic: Topics.deliveryCommands(kind), partitions, config: retained })),
    { topic: Topics.syncStatus, partitions, config: retained },
    { topic: Topics.erpEvents, partitions, config: retained },
    {
      topic: Topics.tenantConfiguration,
      partitions: 3,
      config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' },
    },
    { topic: Topics.apiKeys, partitions: 1, config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' } },
    { topic: Topics.reconciliationFindings, partitions, config: retained },
    { topic: Topics.systemOfRecordConflicts, partitions, config: retained },
    { topic: Topics.goldenCustomers, partitions, config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' } },
    { topic: Topics.deliveryLaneStates, partitions, config: retained },
    ...deadLetterServices().map((service) => ({
      topic: Topics.deadLetter(service),
      partitions,
      config: {
        'retention.ms': String(30 * 24 * 3600 * 1000),
        'max.message.bytes': String(maxRecordBytes + DEAD_LETTER_RECORD_HEADROOM_BYTES + 64 * 1024),
      },
    })),
  ];
}

/** Services that may park messages; each has its own dead-letter topic. */
export function deadLetterServices(): string[] {
  return ['ingestion', 'transformation', 'observability', 'reconciliation', 'master-data', ...ERP_KINDS.map(deliveryServiceName)];
}

/** The delivery service of an ERP kind: delivery-netsuite, delivery-oracle-fusion, … */
export function deliveryServiceName(erpKind: string): string {
  return `delivery-${erpKind.replace(/_/g, '-')}`;
}
