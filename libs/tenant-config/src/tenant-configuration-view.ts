import type { Kafka } from 'kafkajs';
import { Topics, type TenantConfiguration } from '@ferry/contracts';
import { CompactedTopicView, infrastructure, type AvroCodec } from '@ferry/kafka';
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

  /**
   * The tenant's configuration, at least at `version` (the version an upstream service used). When this
   * replica holds an older one or none, it reads the topic up to its end first; if it cannot (Kafka away, the
   * view restarting) that is our platform failing, not the tenant lacking configuration: an infrastructure
   * error, so the message is read again later instead of being dead-lettered.
   */
  async atLeastVersion(tenantId: string, version = 0): Promise<TenantConfiguration | undefined> {
    const held = this.cached(tenantId);
    if (held && held.version >= version) return held;
    const caughtUp = await this.catchUp().catch(() => false);
    if (!caughtUp)
      throw infrastructure(
        'CONFIGURATION_UNCONFIRMED',
        `the ${Topics.tenantConfiguration} topic could not be read to its end; deciding later`,
      );
    return this.cached(tenantId);
  }

  /**
   * The tenant's configuration with every version published before `time` (epoch ms; the event's Kafka timestamp)
   * applied. The control plane publishes a change before it answers, so a mapping changed live applies to the next
   * event the product sends, whichever replica reads it and however fast the event travels. Unless the view has
   * already caught up past `time`, it reads the topic to its end first; if it cannot, that is an infrastructure
   * error (read the message again later), as in atLeastVersion.
   */
  async asOf(tenantId: string, time: number): Promise<TenantConfiguration | undefined> {
    if (this.holdsEverythingPublishedBefore(time)) return this.cached(tenantId);
    const caughtUp = await this.catchUp().catch(() => false);
    if (!caughtUp)
      throw infrastructure(
        'CONFIGURATION_UNCONFIRMED',
        `the ${Topics.tenantConfiguration} topic could not be read to its end; deciding later`,
      );
    return this.cached(tenantId);
  }

  /** The newest configuration there is: the topic read to its end when Kafka answers, else what this replica holds. */
  async latest(tenantId: string): Promise<TenantConfiguration | undefined> {
    await this.catchUp().catch(() => false);
    return this.cached(tenantId);
  }
}
