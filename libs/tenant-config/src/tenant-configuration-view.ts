import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { Topics, type TenantConfiguration } from '@ferry/contracts';
import { ProcessingError, type AvroCodec } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';

/**
 * A service's in-memory view of every tenant's effective configuration, built from the compacted
 * tenant-configuration topic: read from the beginning at start (ready() resolves once caught up to the end
 * offsets seen at start), then kept live, so a new mapping applies to the next event without a restart.
 * A configuration never goes backwards: a record with a lower version than the one held is ignored.
 */
export class TenantConfigurationView {
  private readonly tenants = new Map<string, TenantConfiguration>();
  private consumer: Consumer | undefined;
  private readonly pending = new Map<number, bigint>();
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private readonly listeners: ((configuration: TenantConfiguration) => void)[] = [];
  /** Next offset to read per partition, so callers can wait for the view to reach the topic's current end. */
  private readonly positions = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly logger: Logger,
    private readonly groupIdPrefix: string,
  ) {}

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(Topics.tenantConfiguration)) {
        if (BigInt(high) > BigInt(low)) this.pending.set(partition, BigInt(high) - 1n);
      }
    } finally {
      await admin.disconnect();
    }
    if (this.pending.size === 0) this.resolveReady();
    // A throwaway group: every replica needs every tenant, so none may share partitions with another.
    this.consumer = this.kafka.consumer({ groupId: `${this.groupIdPrefix}-config-view-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: Topics.tenantConfiguration, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.value) {
          try {
            const { value } = await this.codec.decode<TenantConfiguration>(message.value);
            this.apply(value);
          } catch (error) {
            // Registry down: do not move past the record, read it again. Anything else cannot improve.
            if (error instanceof ProcessingError && error.failureClass === 'infrastructure') throw error;
            this.logger.error({ err: error, partition, offset: message.offset }, 'unreadable tenant configuration record skipped');
          }
        } else if (message.key) {
          this.tenants.delete(message.key.toString());
        }
        this.positions.set(partition, BigInt(message.offset) + 1n);
        const target = this.pending.get(partition);
        if (target !== undefined && BigInt(message.offset) >= target) {
          this.pending.delete(partition);
          if (this.pending.size === 0) this.resolveReady();
        }
      },
    });
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  /**
   * Waits until the view has read everything published to the topic before this call (or the timeout). Used
   * when an event names a tenant or version the view does not know yet: configuration published before an
   * event must apply to it, even if the two were read by different consumers.
   */
  async catchUp(timeoutMs = 5000): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: { partition: number; high: string }[];
    try {
      ends = await admin.fetchTopicOffsets(Topics.tenantConfiguration);
    } finally {
      await admin.disconnect();
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (ends.every(({ partition, high }) => (this.positions.get(partition) ?? 0n) >= BigInt(high))) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  apply(configuration: TenantConfiguration): void {
    const held = this.tenants.get(configuration.tenantId);
    if (held && held.version > configuration.version) return;
    this.tenants.set(configuration.tenantId, configuration);
    this.logger.info({ tenantId: configuration.tenantId, version: configuration.version }, 'tenant configuration applied');
    this.listeners.forEach((listener) => listener(configuration));
  }

  get(tenantId: string): TenantConfiguration | undefined {
    return this.tenants.get(tenantId);
  }

  onChange(listener: (configuration: TenantConfiguration) => void): void {
    this.listeners.push(listener);
  }

  all(): TenantConfiguration[] {
    return [...this.tenants.values()];
  }
}
