import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@ferry/logging';
import type { AvroCodec } from './avro-codec';
import { retryRetriableKafkaErrors } from './kafka-retry';
import { ProcessingError } from './processing.error';

export interface CompactedTopicViewOptions<T> {
  topic: string;
  /** Prefix of the view's throwaway consumer group. */
  groupIdPrefix: string;
  /** The map key of a record (normally its Kafka key). */
  keyOf(value: T): string;
  /** Whether `next` may replace `held` (e.g. only a higher version). Defaults to always. */
  replaces?(next: T, held: T): boolean;
}

/**
 * An in-memory map of a compacted topic: read from the beginning at start (ready() resolves once caught up to
 * the end offsets seen at start), then kept live. Every replica needs every record, so each view has its own
 * throwaway consumer group and commits nothing. catchUp() waits until everything published before the call has
 * been read, for callers that meet a key the view does not know yet.
 */
export class CompactedTopicView<T> {
  private readonly entries = new Map<string, T>();
  private consumer: Consumer | undefined;
  private readonly pending = new Map<number, bigint>();
  private readonly positions = new Map<number, bigint>();
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private readonly listeners: ((value: T) => void)[] = [];
  private stopping = false;
  /** When the last successful catchUp() asked for the topic's end (epoch ms; 0: never). */
  private caughtUpAt = 0;
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly logger: Logger,
    private readonly options: CompactedTopicViewOptions<T>,
  ) {}

  async start(): Promise<void> {
    for (const { partition, high, low } of await this.endOffsets()) {
      if (BigInt(high) > BigInt(low)) this.pending.set(partition, BigInt(high) - 1n);
    }
    if (this.pending.size === 0) this.resolveReady();
    await this.runConsumer();
  }

  /**
   * A consumer in a group of its own, read from the beginning. After a crash (the broker went away) kafkajs
   * would rejoin the same group and wait out the dead member's session first; a view needs no group
   * continuity, so it starts over in a new group at once and reads the topic again (records are idempotent).
   */
  private async runConsumer(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `${this.options.groupIdPrefix}-view-${randomUUID()}`,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 8, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping || this.consumer !== consumer) return;
      this.logger.warn(
        { err: payload.error, topic: this.options.topic },
        'topic view consumer crashed; reading the topic again in a new group',
      );
      void this.restart(consumer);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.value) {
          try {
            const { value } = await this.codec.decode<T>(message.value);
            this.apply(value);
          } catch (error) {
            // Registry down: do not move past the record, read it again. Anything else cannot improve.
            if (error instanceof ProcessingError && error.failureClass === 'infrastructure') throw error;
            this.logger.error({ err: error, topic: this.options.topic, partition, offset: message.offset }, 'unreadable record skipped');
          }
        } else if (message.key) {
          this.entries.delete(message.key.toString());
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

  private async restart(crashed: Consumer): Promise<void> {
    await crashed.disconnect().catch(() => undefined);
    for (let attempt = 1; !this.stopping; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)));
      try {
        await this.runConsumer();
        this.logger.info({ topic: this.options.topic, attempt }, 'topic view consumer running again');
        return;
      } catch (error) {
        await this.consumer?.disconnect().catch(() => undefined);
        if (attempt % 5 === 0) this.logger.warn({ err: error, topic: this.options.topic }, 'topic view consumer still cannot start');
      }
    }
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  async catchUp(timeoutMs = 5000): Promise<boolean> {
    const asked = Date.now();
    const ends = await this.endOffsets();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (ends.every(({ partition, high }) => (this.positions.get(partition) ?? 0n) >= BigInt(high))) {
        this.caughtUpAt = Math.max(this.caughtUpAt, asked);
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  /**
   * Whether this view holds everything published to the topic before `time` (epoch ms): a catch-up that asked for
   * the topic's end at or after it has finished. One catch-up answers for every earlier moment, so a backlog of
   * messages published before it costs no further look at the topic's end.
   */
  holdsEverythingPublishedBefore(time: number): boolean {
    return this.caughtUpAt >= time;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((client) => client.disconnect()).catch(() => undefined);
  }

  apply(value: T): void {
    const key = this.options.keyOf(value);
    const held = this.entries.get(key);
    if (held && this.options.replaces && !this.options.replaces(value, held)) return;
    this.entries.set(key, value);
    this.listeners.forEach((listener) => listener(value));
  }

  cached(key: string): T | undefined {
    return this.entries.get(key);
  }

  all(): T[] {
    return [...this.entries.values()];
  }

  onChange(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  private async endOffsets(): Promise<{ partition: number; high: string; low: string }[]> {
    // One admin connection for the view's life: a catch-up may run once per event at a low rate, and a new
    // connection each time would pay the SASL handshake every time.
    this.admin ??= (async () => {
      const client = this.kafka.admin();
      await client.connect();
      return client;
    })();
    const admin = this.admin;
    try {
      const client = await admin;
      return await retryRetriableKafkaErrors(() => client.fetchTopicOffsets(this.options.topic));
    } catch (error) {
      // A broken connection is not kept: the next catch-up connects again.
      if (this.admin === admin) this.admin = undefined;
      await admin.then((client) => client.disconnect()).catch(() => undefined);
      throw error;
    }
  }
}
