import { ferryTopicSpecs } from '@ferry/contracts';
import { ensureTopics, kafkaAclPlan, syncKafkaAcls } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { testKafka } from './test-kafka';
import { principalEnv, type TestStack } from './test-stack';

/**
 * Readies a stack whose principals are locked down (the local stack) for a run of Ferry with this consumer-group
 * prefix, as an operator would: the admin creates Ferry's topics, then each principal gets exactly the ACLs of
 * the plan (libs/kafka kafka-acl-plan.ts). A stack without per-principal credentials needs nothing: the services
 * create their topics themselves there.
 */
export async function grantFerryAccess(stack: TestStack, groupIdPrefix: string, partitions = 6): Promise<void> {
  if (!stack.principals) return;
  const kafka = testKafka('ferry-provisioning');
  await ensureTopics(kafka, ferryTopicSpecs(partitions), createLogger('ferry-provisioning', 'silent'));
  await syncKafkaAcls(kafka, kafkaAclPlan(groupIdPrefix));
}

/**
 * How each Ferry process connects: its own principal's credentials when the stack has them, else everyone the
 * same (the environment's). Processes without a principal (the ERP simulators) get no credentials at all.
 */
export function ferryConnectionEnv(stack: TestStack): { shared: Record<string, string>; forProcess(name: string): Record<string, string> } {
  return {
    shared: stack.principals
      ? { KAFKA_BROKERS: stack.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl }
      : principalEnv(stack),
    forProcess: (name) => (stack.principals?.[name] ? principalEnv(stack, name) : {}),
  };
}
