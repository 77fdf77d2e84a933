import { randomUUID } from 'node:crypto';
import { FerryClient, Subjects, type CustomerUpserted, type FerryClientSettings, type SyncStatus } from '@ferry/client';

/** Statuses after which nothing more happens to an event (retrying and parked are on the way). */
const FINAL = new Set(['delivered', 'skipped', 'dead_lettered']);

/** Step 1: one client per process, with the product's Kafka credentials and read access to Ferry's registry. */
export function connectToFerry(settings: FerryClientSettings): FerryClient {
  return new FerryClient(settings);
}

/** Step 2: publish a customer the product just created or changed; answers the event id to follow. */
export async function publishCustomer(
  ferry: FerryClient,
  tenantId: string,
  customer: { id: string; name: string; email: string; version: number },
): Promise<string> {
  const producer = await ferry.producer();
  try {
    const event: CustomerUpserted = {
      envelope: {
        eventId: randomUUID(),
        tenantId,
        correlationId: randomUUID(),
        occurredAt: Date.now(),
        sourceSystem: 'product',
        entityId: customer.id,
        entityVersion: customer.version,
      },
      customer: {
        customerId: customer.id,
        name: customer.name,
        email: customer.email,
        currency: 'USD',
        status: 'active',
        paymentTerms: 'NET30',
        hierarchy: { depth: 0 },
        billingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', countryCode: 'US' },
      },
    };
    const published = await producer.publish(Subjects.CustomerUpserted, event);
    return published.eventId;
  } finally {
    await producer.disconnect();
  }
}

/** Step 3: follow what became of the product's events: one final outcome per event and ERP connection. */
export async function followSyncStatus(ferry: FerryClient, groupId: string, onOutcome: (status: SyncStatus) => void) {
  return ferry.consume('ferry.sync-status.v1', { groupId, fromBeginning: true }, async ({ value }) => {
    if (FINAL.has(value.status)) onOutcome(value);
  });
}

/** Run as a program: publish one customer and print its outcome. */
async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const ferry = connectToFerry({
    kafka: {
      clientId: 'my-product',
      brokers: env('KAFKA_BROKERS').split(','),
      ...(env('KAFKA_SASL_USERNAME')
        ? { sasl: { mechanism: 'scram-sha-512', username: env('KAFKA_SASL_USERNAME'), password: env('KAFKA_SASL_PASSWORD') } }
        : {}),
    },
    registry: {
      url: env('SCHEMA_REGISTRY_URL'),
      ...(env('SCHEMA_REGISTRY_USERNAME')
        ? { auth: { username: env('SCHEMA_REGISTRY_USERNAME'), password: env('SCHEMA_REGISTRY_PASSWORD') } }
        : {}),
    },
  });
  const eventId = await publishCustomer(ferry, env('FERRY_TENANT_ID'), {
    id: `cust-${randomUUID().slice(0, 8)}`,
    name: 'Globex Corporation',
    email: 'ap@globex.example',
    version: 1,
  });
  const follower = await followSyncStatus(ferry, env('FERRY_CONSUMER_GROUP'), (status) => {
    if (status.eventId !== eventId) return;
    process.stdout.write(`${status.status} in ${status.erpKind ?? 'Ferry'} as ${status.erpRecordId ?? status.errorMessage ?? '-'}\n`);
    void follower.stop();
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
