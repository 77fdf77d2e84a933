import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Kafka } from 'kafkajs';
import { aclChanges, type AclGrant, type AclOperation, type AclPattern, type AclResource } from './kafka-acl-plan';

const RESOURCES: Record<AclResource, AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
};
const PATTERNS: Record<AclPattern, ResourcePatternTypes> = {
  literal: ResourcePatternTypes.LITERAL,
  prefixed: ResourcePatternTypes.PREFIXED,
};
const OPERATIONS: Record<AclOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
};

const invert = <K extends string, V>(map: Record<K, V>) => new Map([...Object.entries(map)].map(([key, value]) => [value as V, key as K]));
const resourceOf = invert(RESOURCES);
const patternOf = invert(PATTERNS);
const operationOf = invert(OPERATIONS);

function toEntry(grant: AclGrant): AclEntry {
  return {
    principal: `User:${grant.principal}`,
    host: '*',
    resourceType: RESOURCES[grant.resource],
    resourceName: grant.name,
    resourcePatternType: PATTERNS[grant.pattern],
    operation: OPERATIONS[grant.operation],
    permissionType: grant.permission === 'allow' ? AclPermissionTypes.ALLOW : AclPermissionTypes.DENY,
  };
}

/**
 * The ACLs the principals hold now, in the plan's terms. Kinds the plan never grants (cluster ACLs, other
 * operations, single hosts) are left out, so they are neither compared nor removed.
 */
async function aclsOf(kafka: Kafka, principals: string[]): Promise<AclGrant[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const grants: AclGrant[] = [];
    for (const principal of principals) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal: `User:${principal}`,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      for (const resource of resources) {
        for (const acl of resource.acls) {
          const kind = resourceOf.get(resource.resourceType);
          const pattern = patternOf.get(resource.resourcePatternType);
          const operation = operationOf.get(acl.operation);
          if (kind && pattern && operation && acl.host === '*' && acl.permissionType !== AclPermissionTypes.UNKNOWN) {
            grants.push({
              principal,
              resource: kind,
              pattern,
              name: resource.resourceName,
              operation,
              permission: acl.permissionType === AclPermissionTypes.ALLOW ? 'allow' : 'deny',
            });
          }
        }
      }
    }
    return grants;
  } finally {
    await admin.disconnect();
  }
}

const ACLS_IN_EFFECT_WITHIN_MS = 60_000;

/**
 * Makes the plan's principals hold exactly the plan (see aclChanges for what is left alone). Needs a client
 * allowed to alter ACLs (the cluster's super user). Creating an ACL that exists is a no-op in Kafka.
 * Returns once the broker authorises with the new ACLs: Kafka answers CreateAcls as soon as the controller has
 * them, and a broker (seen on a freshly started KRaft cluster) takes them up over several seconds after that,
 * so a service started at once would be refused its own topics.
 */
export async function syncKafkaAcls(kafka: Kafka, plan: AclGrant[]): Promise<{ created: AclGrant[]; removed: AclGrant[] }> {
  const principals = [...new Set(plan.map((grant) => grant.principal))];
  const { create, remove } = aclChanges(await aclsOf(kafka, principals), plan);
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (remove.length > 0) await admin.deleteAcls({ filters: remove.map(toEntry) });
    if (create.length > 0) await admin.createAcls({ acl: create.map(toEntry) });
  } finally {
    await admin.disconnect();
  }
  if (create.length > 0 || remove.length > 0) await untilBrokerHolds(kafka, principals, plan);
  return { created: create, removed: remove };
}

async function untilBrokerHolds(kafka: Kafka, principals: string[], plan: AclGrant[]): Promise<void> {
  const deadline = Date.now() + ACLS_IN_EFFECT_WITHIN_MS;
  for (;;) {
    const pending = aclChanges(await aclsOf(kafka, principals), plan);
    const outstanding = pending.create.length + pending.remove.length;
    if (outstanding === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`the broker still lacks ${outstanding} of the ACL changes ${ACLS_IN_EFFECT_WITHIN_MS / 1000} s after they were made`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
