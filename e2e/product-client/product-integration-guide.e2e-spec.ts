import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartitionerArgs } from 'kafkajs';
import { tenantPartitioner as clientPartitioner, type FerryConsumer, type SyncStatus } from '@ferry/client';
import { Subjects } from '@ferry/contracts';
import { tenantPartitioner as ferryPartitioner } from '@ferry/kafka';
import {
  onboardNetSuiteTenant,
  principalSecurity,
  repositoryRoot,
  startFerry,
  testKafka,
  testRegistry,
  testStack,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';
// The guide's example is a program, not part of the client's API: the test runs exactly the file the guide shows.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { connectToFerry, followSyncStatus, publishCustomer } from '../../packages/ferry-client/examples/product-integration';

const EXAMPLE = join(repositoryRoot(), 'packages', 'ferry-client', 'examples', 'product-integration.ts');
const GUIDE = join(repositoryRoot(), 'docs', 'product-integration.md');

describe('the product integration guide', () => {
  it('shows the example that this test runs, verbatim', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const example = readFileSync(EXAMPLE, 'utf8').trimEnd();
    expect(guide).toContain(`\`\`\`ts\n${example}\n\`\`\``);
  });

  it('partitions by tenant exactly as Ferry does', () => {
    const partitionMetadata = Array.from({ length: 12 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
    })) as PartitionerArgs['partitionMetadata'];
    const client = clientPartitioner();
    const ferry = ferryPartitioner();
    const keys = Array.from({ length: 200 }, (_, i) => `tenant-${i % 37}:customer:c-${i}`).concat(['no-tenant-prefix', ':x', 'a:']);
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata, message: { key, value: null } };
      expect({ key, partition: client(args) }).toEqual({ key, partition: ferry(args) });
    }
  });
});

/**
 * The guide's code, run as a product would run it: connected as the product's principal (it may write product
 * events, read sync status in its own groups, and only read the registry's schemas), it publishes a customer with
 * the client and follows the customer's sync status until NetSuite holds the record.
 */
describe('the guide’s example against Ferry', () => {
  // The e2e tier's own consumer groups (ferry-e2e-*): fresh ones would first work through every earlier run's events.
  const groupIdPrefix = 'ferry-e2e';
  const tenant = `guide-${randomUUID().slice(0, 8)}`;
  const account = `TSTDRV-${tenant.toUpperCase()}`;
  let ferry: E2eEnvironment;
  let follower: FerryConsumer<SyncStatus> | undefined;
  const outcomes: SyncStatus[] = [];

  beforeAll(async () => {
    ferry = await startFerry({
      purpose: 'e2e',
      services: ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite'],
    });
    await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: tenant,
      accountId: account,
      simulatorUrl: ferry.simulatorUrl,
    });
  });

  afterAll(async () => {
    await follower?.stop();
    await ferry?.stop();
  });

  it('publishes a customer with the client and sees it delivered on its sync status, without registering a schema', async () => {
    const stack = testStack();
    const product = principalSecurity(stack, 'product').registry.basicAuth;
    const client = connectToFerry({
      kafka: testKafka('my-product', 'product'),
      registry: { url: stack.registryUrl, ...(product ? { auth: product } : {}) },
    });
    const versions = async () => (await testRegistry().request(`/subjects/${Subjects.CustomerUpserted}/versions`)).text;
    const versionsBefore = await versions();
    follower = await followSyncStatus(client, `${groupIdPrefix}-product-guide-${randomUUID()}`, (status) => {
      if (status.tenantId === tenant) outcomes.push(status);
    });

    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const eventId = await publishCustomer(client, tenant, {
      id: customerId,
      name: 'Globex Corporation',
      email: 'ap@globex.example',
      version: 1,
    });

    const delivered = await waitUntil(
      'the customer delivered, on the client’s sync-status consumer',
      () => outcomes.find((status) => status.eventId === eventId && status.status === 'delivered'),
      90_000,
    );
    expect(delivered).toMatchObject({
      tenantId: tenant,
      entityType: 'customer',
      entityId: customerId,
      erpKind: 'netsuite',
      externalId: `ferry-${customerId}`,
    });
    const held = (await (await fetch(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/customer`)).json()) as {
      id: string;
      externalId: string;
      fields: Record<string, unknown>;
    }[];
    expect(held).toEqual([expect.objectContaining({ id: delivered.erpRecordId, externalId: `ferry-${customerId}` })]);
    expect(held[0]!.fields).toMatchObject({ companyName: 'Globex Corporation', email: 'ap@globex.example' });
    expect(await versions()).toBe(versionsBefore);
  });
});
