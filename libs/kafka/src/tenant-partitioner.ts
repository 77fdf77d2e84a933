import { Partitioners, type ICustomPartitioner } from 'kafkajs';
import { tenantOfKey } from '@ferry/contracts';

/**
 * Partitions by the tenant part of the key (the text before the first ':'), with Kafka's murmur2 hash, so
 * every event of a tenant lands in one partition and keeps its order end to end, whatever entity it is about.
 * A key without a tenant prefix falls back to hashing the whole key.
 */
export const tenantPartitioner: ICustomPartitioner = () => {
  const murmur2 = Partitioners.DefaultPartitioner();
  return ({ topic, partitionMetadata, message }) => {
    const key = message.key === null || message.key === undefined ? null : message.key.toString();
    const tenant = tenantOfKey(key);
    return murmur2({ topic, partitionMetadata, message: { ...message, key: tenant ?? key } });
  };
};
