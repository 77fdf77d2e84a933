import { Subjects, Topics, type TenantConfiguration } from '@ferry/contracts';
import type { EventProducer } from '@ferry/kafka';

/** Publishes a tenant's effective configuration; the compacted topic keeps the latest per tenant. */
export async function publishTenantConfiguration(producer: EventProducer, configuration: TenantConfiguration): Promise<void> {
  await producer.publish({
    topic: Topics.tenantConfiguration,
    key: configuration.tenantId,
    subject: Subjects.TenantConfiguration,
    value: configuration,
  });
}
