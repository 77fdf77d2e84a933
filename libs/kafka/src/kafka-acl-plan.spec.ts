import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics, findSchemasDir } from '@ferry/contracts';
import { aclChanges, ferryKafkaPrincipals, kafkaAclPlan, type AclGrant, type AclOperation, type AclResource } from './kafka-acl-plan';

const PREFIX = 'ferry-e2e';
const plan = kafkaAclPlan(PREFIX);

/** Kafka's rule (StandardAuthorizer): a matching DENY wins, else a matching ALLOW; READ and WRITE imply DESCRIBE. */
function allowed(principal: string, operation: AclOperation, resource: AclResource, name: string): boolean {
  const matching = plan.filter(
    (grant) =>
      grant.principal === principal &&
      grant.resource === resource &&
      (grant.pattern === 'literal' ? grant.name === name : name.startsWith(grant.name)) &&
      (grant.operation === operation || (operation === 'describe' && grant.permission === 'allow')),
  );
  return matching.length > 0 && matching.every((grant) => grant.permission === 'allow');
}

const SERVICES = Object.keys(ferryKafkaPrincipals()).filter((name) => !['product', 'analyst'].includes(name));

describe('Kafka ACL plan', () => {
  it.each(SERVICES.filter((name) => name !== 'control-plane'))('%s cannot write the API-key or configuration topics', (service) => {
    expect(allowed(service, 'write', 'topic', Topics.apiKeys)).toBe(false);
    expect(allowed(service, 'write', 'topic', Topics.tenantConfiguration)).toBe(false);
  });

  it('lets the control plane write tenant configuration and API keys', () => {
    expect(allowed('control-plane', 'write', 'topic', Topics.apiKeys)).toBe(true);
    expect(allowed('control-plane', 'write', 'topic', Topics.tenantConfiguration)).toBe(true);
  });

  it.each<[string, AclOperation, AclResource, string, boolean]>([
    ['product', 'write', 'topic', Topics.productEvents, true],
    ['product', 'read', 'topic', Topics.syncStatus, true],
    ['product', 'read', 'group', `${PREFIX}-product-sync-status`, true],
    ['product', 'read', 'group', `${PREFIX}-ingestion`, false],
    ['control-plane', 'read', 'topic', Topics.syncStatus, true],
    ['observability', 'describe', 'group', `${PREFIX}-transformation`, true],
    ['observability', 'read', 'group', `${PREFIX}-transformation`, false],
    ['transformation', 'describe', 'group', `${PREFIX}-delivery-netsuite`, false],
    ['control-plane', 'write', 'topic', Topics.syncStatus, false],
    ['product', 'read', 'topic', Topics.productEvents, false],
    ['product', 'read', 'topic', Topics.erpEvents, true],
    ['product', 'write', 'topic', Topics.erpEvents, false],
    ['inbound-sync', 'write', 'topic', Topics.erpEvents, true],
    ['inbound-sync', 'read', 'topic', Topics.erpEvents, false],
    ['product', 'read', 'topic', Topics.tenantConfiguration, false],
    ['product', 'describe', 'topic', Topics.tenantConfiguration, false],
    ['product', 'write', 'topic', Topics.canonicalEvents, false],
    ['analyst', 'read', 'topic', Topics.syncStatus, true],
    ['analyst', 'read', 'group', `${PREFIX}-analyst-dashboard`, true],
    ['analyst', 'write', 'topic', Topics.syncStatus, false],
    ['analyst', 'read', 'topic', Topics.apiKeys, false],
    ['ingestion', 'read', 'topic', Topics.productEvents, true],
    ['ingestion', 'write', 'topic', Topics.canonicalEvents, true],
    ['ingestion', 'write', 'topic', Topics.deadLetter('ingestion'), true],
    ['ingestion', 'write', 'topic', Topics.deadLetter('transformation'), false],
    ['ingestion', 'write', 'topic', Topics.deliveryCommands('netsuite'), false],
    // Retention and offboarding: ingestion reads each tenant's policy and standing.
    ['ingestion', 'read', 'topic', Topics.tenantConfiguration, true],
    ['ingestion', 'write', 'topic', Topics.tenantConfiguration, false],
    ['inbound-sync', 'read', 'topic', Topics.apiKeys, true],
    ['ingestion', 'describe', 'topic', Topics.tenantConfiguration, true],
    ['ingestion', 'read', 'group', `${PREFIX}-ingestion`, true],
    ['ingestion', 'read', 'group', `${PREFIX}-ingestion-api-keys-view-1`, true],
    ['ingestion', 'write', 'transactional-id', `${PREFIX}-ingestion.ferry.product-events.v1.host-3001`, true],
    ['ingestion', 'read', 'group', `${PREFIX}-transformation`, false],
    ['ingestion', 'read', 'group', `ferry-ingestion`, false],
    ['transformation', 'write', 'topic', Topics.deliveryCommands('sap_s4'), true],
    ['transformation', 'read', 'topic', Topics.deliveryCommands('netsuite'), false],
    ['delivery-netsuite', 'read', 'topic', Topics.deliveryCommands('netsuite'), true],
    ['delivery-netsuite', 'read', 'topic', Topics.deliveryCommands('netsuite_soap'), false],
    ['delivery-netsuite', 'read', 'group', `${PREFIX}-delivery-netsuite`, true],
    ['delivery-netsuite', 'read', 'group', `${PREFIX}-delivery-netsuite-config-view-1`, true],
    ['delivery-netsuite', 'read', 'group', `${PREFIX}-delivery-netsuite-soap`, false],
    ['delivery-netsuite', 'write', 'transactional-id', `${PREFIX}-delivery-netsuite-soap.x`, false],
    ['delivery-netsuite-soap', 'read', 'group', `${PREFIX}-delivery-netsuite-soap`, true],
    ['inbound-sync', 'write', 'topic', Topics.productEvents, true],
    ['inbound-sync', 'read', 'topic', Topics.productEvents, false],
    ['inbound-sync', 'read', 'topic', Topics.syncStatus, true],
    ['inbound-sync', 'write', 'topic', Topics.syncStatus, true],
    ['inbound-sync', 'write', 'topic', Topics.systemOfRecordConflicts, true],
    ['transformation', 'write', 'topic', Topics.systemOfRecordConflicts, false],
    ['observability', 'read', 'topic', Topics.systemOfRecordConflicts, true],
    ['observability', 'read', 'topic', Topics.deliveryLaneStates, true],
    ['observability', 'write', 'topic', Topics.systemOfRecordConflicts, false],
    ['observability', 'read', 'topic', Topics.deadLetter('delivery-netsuite'), true],
    ['observability', 'read', 'group', `${PREFIX}-observability-dead-letters`, true],
    ['observability', 'write', 'topic', Topics.deliveryCommands('webhook'), true],
    ['observability', 'write', 'topic', Topics.apiKeys, false],
    ['reconciliation', 'write', 'topic', Topics.reconciliationFindings, true],
    ['reconciliation', 'read', 'topic', Topics.canonicalEvents, true],
    // Repairs re-deliver a finding's latest canonical version through the canonical-events topic.
    ['reconciliation', 'write', 'topic', Topics.canonicalEvents, true],
    ['reconciliation', 'write', 'topic', Topics.productEvents, false],
    ['master-data', 'read', 'topic', Topics.canonicalEvents, true],
    ['master-data', 'write', 'topic', Topics.canonicalEvents, false],
    ['master-data', 'write', 'topic', Topics.goldenCustomers, true],
    ['master-data', 'write', 'topic', Topics.deadLetter('master-data'), true],
    ['master-data', 'read', 'topic', Topics.tenantConfiguration, true],
    ['master-data', 'write', 'topic', Topics.tenantConfiguration, false],
    ['observability', 'read', 'topic', Topics.deadLetter('master-data'), true],
    ['transformation', 'write', 'topic', Topics.goldenCustomers, false],
    ['unknown-service', 'read', 'topic', Topics.syncStatus, false],
  ])('%s %s %s %s → %s', (principal, operation, resource, name, expected) => {
    expect(allowed(principal, operation, resource, name)).toBe(expected);
  });

  it('names each principal with the given prefix, its groups still after the service', () => {
    const prefixed = kafkaAclPlan(PREFIX, { principalPrefix: 'ferry-' }).filter((grant) => grant.principal === 'ferry-ingestion');
    expect(prefixed).toContainEqual(expect.objectContaining({ resource: 'group', name: `${PREFIX}-ingestion`, permission: 'allow' }));
    expect(prefixed.map((grant) => grant.principal)).not.toContain('ingestion');
  });

  it('names the same principals as the local stack (deploy/local/principals.json)', () => {
    const stackFile = join(findSchemasDir(__dirname), '..', 'deploy', 'local', 'principals.json');
    const { principals } = JSON.parse(readFileSync(stackFile, 'utf8')) as { principals: Record<string, string> };
    expect(Object.keys(principals).sort()).toEqual(Object.keys(ferryKafkaPrincipals()).sort());
  });
});

describe('ACL changes towards the plan', () => {
  const grant = (principal: string, name: string, overrides: Partial<AclGrant> = {}): AclGrant => ({
    principal,
    resource: 'topic',
    pattern: 'literal',
    name,
    operation: 'read',
    permission: 'allow',
    ...overrides,
  });
  const desired = [
    grant('ingestion', Topics.productEvents),
    grant('ingestion', `${PREFIX}-ingestion`, { resource: 'group', pattern: 'prefixed' }),
  ];

  it.each<[string, AclGrant[], AclGrant[], AclGrant[]]>([
    ['nothing held: create all', [], desired, []],
    ['all held: nothing to do', desired, [], []],
    [
      'a stale topic grant of a planned principal is removed',
      [...desired, grant('ingestion', Topics.apiKeys, { operation: 'write' })],
      [],
      [grant('ingestion', Topics.apiKeys, { operation: 'write' })],
    ],
    [
      "another run's group grants stay (other prefix)",
      [...desired, grant('ingestion', 'ferry-ingestion', { resource: 'group', pattern: 'prefixed' })],
      [],
      [],
    ],
    [
      'a stale group grant under this prefix is removed',
      [...desired, grant('ingestion', `${PREFIX}-ingestion-old`, { resource: 'group' })],
      [],
      [grant('ingestion', `${PREFIX}-ingestion-old`, { resource: 'group' })],
    ],
    ['principals outside the plan keep theirs', [...desired, grant('someone-else', Topics.apiKeys)], [], []],
  ])('%s', (_case, current, create, remove) => {
    expect(aclChanges(current, desired)).toEqual({ create, remove });
  });
});
