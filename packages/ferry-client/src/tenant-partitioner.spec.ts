import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { tenantOfKey, tenantPartitioner } from './tenant-partitioner';

const partitionMetadata = Array.from({ length: 12 }, (_, partitionId) => ({
  partitionId,
  leader: 0,
})) as PartitionerArgs['partitionMetadata'];
const partitionOf = (partition: ReturnType<typeof tenantPartitioner>, key: string | null) =>
  partition({ topic: 't', partitionMetadata, message: { key, value: null } });

describe('tenantPartitioner', () => {
  it.each<[string | null, string | undefined]>([
    ['acme:customer:c-1', 'acme'],
    ['acme', 'acme'],
    [':customer:c-1', undefined],
    [null, undefined],
  ])('the tenant of %s is %s', (key, tenant) => {
    expect(tenantOfKey(key)).toBe(tenant);
  });

  it('puts every key of a tenant on the partition murmur2 gives the tenant id', () => {
    const partition = tenantPartitioner();
    const murmur2 = Partitioners.DefaultPartitioner();
    for (const tenant of ['acme', 'globex', 'initech', 'umbrella', 'stark']) {
      const expected = partitionOf(murmur2, tenant);
      for (const rest of ['customer:c-1', 'sales_order:so-9', 'invoice:inv-3'])
        expect({ tenant, partition: partitionOf(partition, `${tenant}:${rest}`) }).toEqual({ tenant, partition: expected });
    }
  });
});
