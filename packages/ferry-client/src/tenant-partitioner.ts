import { Partitioners, type ICustomPartitioner } from 'kafkajs';

/** The tenant of a Ferry key: the text before the first ':' (keys are tenantId:entityType:entityId). */
export function tenantOfKey(key: string | null | undefined): string | undefined {
  if (!key) return undefined;
  const tenant = key.split(':', 1)[0];
  return tenant ? tenant : undefined;
}

/**
 * Ferry's partitioner: Kafka's murmur2 over the tenant part of the key only, so every event of a tenant lands in
 * one partition and keeps its order through Ferry, whatever entity it is about. The same function as Ferry's own
 * producers use; a key without a tenant prefix is hashed whole.
 */
export const tenantPartitioner: ICustomPartitioner = () => {
  const murmur2 = Partitioners.DefaultPartitioner();
  return ({ topic, partitionMetadata, message }) => {
    const key = message.key === null || message.key === undefined ? null : message.key.toString();
    return murmur2({ topic, partitionMetadata, message: { ...message, key: tenantOfKey(key) ?? key } });
  };
};
