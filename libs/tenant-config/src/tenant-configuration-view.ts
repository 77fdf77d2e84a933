import type { Kafka } from 'kafkajs';
import { Topics, type TenantConfiguration } from '@ferry/contracts';
import { CompactedTopicView, type AvroCodec } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';

/**
 * A service's live view of every tenant's effective configuration, from the compacted tenant-configuration
 * topic, so a new mapping applies to the next event without a restart. A configuration never goes backwards:
 * a record with a lower version than the one held is ignored.
 */
export class TenantConfigurationView extends CompactedTopicView<TenantConfiguration> {
  constructor(kafka: Kafka, codec: AvroCodec, logger: Logger, groupIdPrefix: string) {
    super(kafka, codec, logger, {
      topic: Topics.tenantConfiguration,
      groupIdPrefix: `${groupIdPrefix}-config`,
      keyOf: (configuration) => configuration.tenantId,
      replaces: (next, held) => next.version >= held.version,
    });
  }
}
