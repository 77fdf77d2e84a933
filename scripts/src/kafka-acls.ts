import { ferryTopicSpecs } from '@ferry/contracts';
import { createKafkaClient, ensureTopics, kafkaAclPlan, syncKafkaAcls, type AclGrant } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { cliArgs, connectionFromEnv } from './cli-args';

/**
 * npm run kafka:acls -- [--group-prefix ferry] [--principal-prefix ferry-] [--apply]
 *                       [--create-topics --partitions 6 --replication-factor 3]
 * Prints the ACLs each Ferry principal needs (libs/kafka/src/kafka-acl-plan.ts) for consumer groups named with
 * the group prefix (KAFKA_GROUP_ID_PREFIX of the services); a service's Kafka user is the principal prefix
 * followed by its name (default: the bare name). --apply makes the cluster hold exactly those for the
 * plan's principals, connecting with KAFKA_BROKERS and KAFKA_SASL_* / KAFKA_TLS_* of a principal allowed to
 * alter ACLs; --create-topics first creates Ferry's topics (when the services may not).
 */
function describe(grant: AclGrant): string {
  const pattern = grant.pattern === 'prefixed' ? `${grant.name}*` : grant.name;
  return `  ${grant.permission.toUpperCase().padEnd(5)} User:${grant.principal.padEnd(22)} ${grant.operation.padEnd(8)} ${grant.resource.padEnd(16)} ${pattern}`;
}

async function main(): Promise<void> {
  const args = cliArgs();
  const groupIdPrefix = args['group-prefix'] ?? 'ferry';
  const plan = kafkaAclPlan(groupIdPrefix, { principalPrefix: args['principal-prefix'] ?? '' });
  process.stdout.write(`kafka:acls: ${plan.length} ACLs for consumer-group prefix "${groupIdPrefix}"\n${plan.map(describe).join('\n')}\n`);
  if (!args['apply'] && !args['create-topics']) return;
  const { kafka: connection } = connectionFromEnv('kafka:acls');
  const logger = createLogger('kafka-acls', 'warn');
  const kafka = createKafkaClient({ ...connection, clientId: 'ferry-kafka-acls' }, logger);
  if (args['create-topics']) {
    const partitions = Number(args['partitions'] ?? 6);
    await ensureTopics(kafka, ferryTopicSpecs(partitions), logger, Number(args['replication-factor'] ?? 1));
    process.stdout.write(`kafka:acls: Ferry's topics exist (${partitions} partitions where created now)\n`);
  }
  if (args['apply']) {
    const { created, removed } = await syncKafkaAcls(kafka, plan);
    process.stdout.write(`kafka:acls: applied at ${connection.brokers.join(',')}: ${created.length} created, ${removed.length} removed\n`);
    for (const grant of removed) process.stdout.write(`  removed ${describe(grant).trim()}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka:acls: ${(error as Error).message}\n`);
  process.exit(1);
});
