import { ERP_KINDS, Topics, deadLetterServices, deliveryServiceName } from '@ferry/contracts';

/** What one principal does with Kafka. Topic names are exact; groups and transactional ids are derived. */
export interface PrincipalAccess {
  reads: string[];
  writes: string[];
  /** Consumer groups and transactional ids starting with `<group prefix>-<principal>` (a Ferry service's own). */
  ownsGroups: boolean;
  /** Sees every Ferry topic's metadata, so its start-up check finds the topics an operator created. */
  describesFerryTopics: boolean;
  /** Sees every consumer group of the deployment and its committed offsets (consumer lag), changes none. */
  describesFerryGroups?: boolean;
}

export type AclResource = 'topic' | 'group' | 'transactional-id';
export type AclPattern = 'literal' | 'prefixed';
export type AclOperation = 'read' | 'write' | 'describe';

export interface AclGrant {
  principal: string;
  resource: AclResource;
  pattern: AclPattern;
  name: string;
  operation: AclOperation;
  permission: 'allow' | 'deny';
}

/** Prefix of every topic Ferry owns (see Topics). */
export const FERRY_TOPIC_PREFIX = 'ferry.';

const allDeliveryCommands = ERP_KINDS.map((kind) => Topics.deliveryCommands(kind));

function service(reads: string[], writes: string[]): PrincipalAccess {
  return { reads, writes, ownsGroups: true, describesFerryTopics: true };
}

/**
 * Least privilege per principal, from what each service consumes and produces (its README). Only the control
 * plane writes tenant configuration and API keys; the product only writes its events and reads their sync status; an analyst only reads
 * sync status. A service not listed here has no access at all.
 */
export function ferryKafkaPrincipals(): Record<string, PrincipalAccess> {
  const deliveryServices = Object.fromEntries(
    ERP_KINDS.map((kind) => [
      deliveryServiceName(kind),
      service(
        [Topics.deliveryCommands(kind), Topics.tenantConfiguration, Topics.apiKeys],
        [Topics.syncStatus, Topics.deliveryLaneStates, Topics.deadLetter(deliveryServiceName(kind))],
      ),
    ]),
  );
  return {
    // Sync status: the control plane records each tenant's mapping incidents (mapping-incidents/).
    'control-plane': service([Topics.apiKeys, Topics.syncStatus], [Topics.tenantConfiguration, Topics.apiKeys]),
    // Tenant configuration: each tenant's retention policy (the received-event ledger's retention job) and standing
    // (its rows are erased only once it is suspended: offboarding, @ferry/tenant-data).
    ingestion: service(
      [Topics.productEvents, Topics.apiKeys, Topics.tenantConfiguration],
      [Topics.canonicalEvents, Topics.deadLetter('ingestion')],
    ),
    transformation: service(
      [Topics.canonicalEvents, Topics.tenantConfiguration],
      [...allDeliveryCommands, Topics.syncStatus, Topics.deadLetter('transformation')],
    ),
    ...deliveryServices,
    // Sync status: what Ferry delivered, so Ferry's own writes read back from an ERP are not published again.
    // ERP events: what the ERPs did with the tenants' records, for the product; sync status: one per ERP event read;
    // conflicts: ERP changes to fields another system is the system of record of.
    // API keys: its offboarding endpoints authenticate admin operators and refuse tenant keys (@ferry/access).
    'inbound-sync': service(
      [Topics.tenantConfiguration, Topics.syncStatus, Topics.apiKeys],
      [Topics.productEvents, Topics.erpEvents, Topics.syncStatus, Topics.systemOfRecordConflicts],
    ),
    // Canonical events: the bodies Ferry delivered, so a run compares fields rather than hashes; a repair writes the
    // latest one back there to re-deliver it (restricted to one connection, as a replay is).
    reconciliation: service(
      [Topics.syncStatus, Topics.canonicalEvents, Topics.tenantConfiguration, Topics.apiKeys],
      [Topics.reconciliationFindings, Topics.canonicalEvents, Topics.deadLetter('reconciliation')],
    ),
    // Customers from every source (the product's and the ERPs' CustomerUpserted) in, golden records out.
    // Tenant configuration: offboarding erases a tenant's golden records only once it is suspended.
    'master-data': service(
      [Topics.canonicalEvents, Topics.apiKeys, Topics.tenantConfiguration],
      [Topics.goldenCustomers, Topics.deadLetter('master-data')],
    ),
    // Replays put a dead letter back where it failed: the product-events, canonical or delivery-commands topic.
    // It also reports every group's consumer lag: it may describe the deployment's groups.
    observability: {
      ...service(
        [
          Topics.syncStatus,
          Topics.tenantConfiguration,
          Topics.apiKeys,
          Topics.systemOfRecordConflicts,
          // Lane state changes, for the console's live streams.
          Topics.deliveryLaneStates,
          ...deadLetterServices()
            .filter((name) => name !== 'observability')
            .map((name) => Topics.deadLetter(name)),
        ],
        [Topics.productEvents, Topics.canonicalEvents, ...allDeliveryCommands, Topics.deadLetter('observability')],
      ),
      describesFerryGroups: true,
    },
    // The product client (packages/ferry-client) follows its events' sync status and consumes the ERP → product topic,
    // in its own consumer groups (`<group prefix>-product…`).
    product: {
      reads: [Topics.syncStatus, Topics.erpEvents],
      writes: [Topics.productEvents],
      ownsGroups: true,
      describesFerryTopics: false,
    },
    analyst: { reads: [Topics.syncStatus], writes: [], ownsGroups: true, describesFerryTopics: false },
  };
}

export interface AclPlanOptions {
  /** Kafka user of a service = this prefix + the service's name (e.g. "ferry-" for ferry-ingestion); none by default. */
  principalPrefix?: string;
  principals?: Record<string, PrincipalAccess>;
}

/**
 * The ACLs that give each principal exactly its access, for consumer groups named with this prefix
 * (KAFKA_GROUP_ID_PREFIX). A service's groups and transactional ids are those starting with
 * `<group prefix>-<service>`; where another service's name extends that (delivery-netsuite and
 * delivery-netsuite-soap), a DENY keeps each out of the other's.
 */
export function kafkaAclPlan(groupIdPrefix: string, options: AclPlanOptions = {}): AclGrant[] {
  const principals = options.principals ?? ferryKafkaPrincipals();
  const grants: AclGrant[] = [];
  const names = Object.keys(principals);
  for (const [name, access] of Object.entries(principals)) {
    const principal = `${options.principalPrefix ?? ''}${name}`;
    const grant = (
      resource: AclResource,
      pattern: AclPattern,
      resourceName: string,
      operation: AclOperation,
      permission: 'allow' | 'deny' = 'allow',
    ) => grants.push({ principal, resource, pattern, name: resourceName, operation, permission });
    for (const topic of access.reads) grant('topic', 'literal', topic, 'read');
    for (const topic of access.writes) grant('topic', 'literal', topic, 'write');
    if (access.describesFerryTopics) grant('topic', 'prefixed', FERRY_TOPIC_PREFIX, 'describe');
    if (access.describesFerryGroups) grant('group', 'prefixed', `${groupIdPrefix}-`, 'describe');
    if (!access.ownsGroups) continue;
    grant('group', 'prefixed', `${groupIdPrefix}-${name}`, 'read');
    if (access.writes.length > 0) grant('transactional-id', 'prefixed', `${groupIdPrefix}-${name}`, 'write');
    for (const other of names) {
      if (other === name || !other.startsWith(name)) continue;
      grant('group', 'prefixed', `${groupIdPrefix}-${other}`, 'read', 'deny');
      if (access.writes.length > 0) grant('transactional-id', 'prefixed', `${groupIdPrefix}-${other}`, 'write', 'deny');
    }
  }
  return grants;
}

export function aclKey(grant: AclGrant): string {
  return [grant.principal, grant.resource, grant.pattern, grant.name, grant.operation, grant.permission].join('|');
}

/**
 * What to create and delete so the plan's principals hold exactly the plan. Only ACLs this plan governs are
 * deleted: those on topics, and on groups and transactional ids under the plan's own names (runs with another
 * group prefix, e.g. a demo beside the tests, keep theirs).
 */
export function aclChanges(current: AclGrant[], desired: AclGrant[]): { create: AclGrant[]; remove: AclGrant[] } {
  const principals = new Set(desired.map((grant) => grant.principal));
  const ownNames = desired.filter((grant) => grant.resource !== 'topic').map((grant) => grant.name);
  const have = new Set(current.map(aclKey));
  const want = new Set(desired.map(aclKey));
  const governed = (grant: AclGrant) =>
    principals.has(grant.principal) && (grant.resource === 'topic' || ownNames.some((name) => grant.name.startsWith(name)));
  return {
    create: desired.filter((grant) => !have.has(aclKey(grant))),
    remove: current.filter((grant) => governed(grant) && !want.has(aclKey(grant))),
  };
}
