import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, EachBatchPayload, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { tenantOfKey, type DeadLetterRecord } from '@ferry/contracts';
import { runWithLogContext, type LogContext, type Logger } from '@ferry/logging';
import { counter, histogram } from '@ferry/metrics';
import type { AvroCodec } from './avro-codec';
import { chunkIsDue, onHandlerFailure, producerUnusableAfter, type TransactionPhase } from './consumer-step';
import type { DeadLetterPublisher, FailedMessage } from './dead-letter-publisher';
import { createTransactionalProducer } from './event-producer';
import { runInKafkaTransaction, type KafkaTransactionScope } from './kafka-transaction-context';
import { ProcessingError, describeError } from './processing.error';
import { outgoingChunks } from './outgoing-chunks';

export interface ConsumedMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  timestamp: number;
  value: T;
  /** Full name of the writer's record. */
  recordName: string;
  /** 1 on first delivery to the handler, 2 on its first retry, … */
  attempt: number;
  /** The message value as read (Confluent-framed Avro), for handlers that must pass the original on. */
  raw: Buffer | null;
}

export interface TopicConsumerOptions<T> {
  service: string;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Tries for a retryable failure before the message is dead-lettered. */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  handle(message: ConsumedMessage<T>): Promise<void>;
  /** Where unprocessable messages go. Without one, every failure blocks the partition until it succeeds. */
  deadLetter?: DeadLetterPublisher;
  /** Called after a message was parked, e.g. to publish a SyncStatus saying so. Runs in the message's log context. */
  onDeadLettered?(record: DeadLetterRecord, value: T | undefined): Promise<void>;
  /**
   * Consume-transform-produce in Kafka transactions under this transactional id: everything the handler (and
   * the dead-letter path) publishes commits atomically with the consumed offsets, in chunks of up to
   * TRANSACTION_MAX_MESSAGES messages or TRANSACTION_MAX_MS (consumer-step.ts).
   */
  transactionalId?: string;
  /** Session timeout: a crashed member's partitions move to the others after this long (default 10 s). */
  sessionTimeoutMs?: number;
}

const consumed = counter('ferry_kafka_messages_consumed_total', 'Messages a Ferry consumer finished with', [
  'service',
  'topic',
  'tenant_id',
  'outcome',
]);
const handleSeconds = histogram('ferry_kafka_message_handling_duration_seconds', 'Time from receiving a message to finishing with it', [
  'service',
  'topic',
  'outcome',
]);

function headerMap(headers: EachMessagePayload['message']['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

function contextOf(key: string | null, headers: Record<string, string>, value: unknown): LogContext {
  const body = (value ?? {}) as {
    envelope?: { tenantId?: string; correlationId?: string; eventId?: string };
    tenantId?: string;
    correlationId?: string;
    eventId?: string;
  };
  const envelope = body.envelope ?? body;
  return {
    tenantId: envelope.tenantId ?? tenantOfKey(key),
    correlationId: envelope.correlationId ?? headers['ferry-correlation-id'],
    eventId: envelope.eventId,
  };
}

/**
 * A consumer group member that decodes Avro through the registry, runs the handler inside the message's log
 * context, and turns every outcome into one of: done (offset committed), dead-lettered with its reason, or
 * not committed (infrastructure failure: the message is read again). Offsets are committed only after the
 * handler returned, so a crash replays rather than loses. Which of these a failure leads to, when a
 * transaction chunk commits and when the transactional producer is replaced are decided in consumer-step.ts;
 * this class polls, calls the handler and does the Kafka I/O.
 */
export class TopicConsumer<T> {
  private readonly consumer: Consumer;
  private transactionalProducer: Producer | undefined;
  /** The transactional producer failed in a way it cannot recover from, and replacing it has not worked yet. */
  private producerUnusable = false;
  private stopping = false;
  private running = false;
  /**
   * Per topic-partition, the last offset of a chunk whose gathered output could not be sent: read again, those
   * messages publish one by one as they are handled, so a message the broker refuses fails alone (and is
   * dead-lettered) instead of failing its whole chunk again and again.
   */
  private readonly sendOneByOneThrough = new Map<string, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly logger: Logger,
    private readonly options: TopicConsumerOptions<T>,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.max(500, Math.floor((options.sessionTimeoutMs ?? 10_000) / 10)),
      retry: { initialRetryTime: 500, maxRetryTime: 30000, retries: 10, restartOnFailure: async () => !this.stopping },
    });
    if (options.transactionalId) this.transactionalProducer = createTransactionalProducer(kafka, options.transactionalId);
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping) return;
      // kafkajs gives up on errors it does not think retriable; a consumer that silently stops would stall its
      // partitions, so the member leaves, reports itself down (health) and joins again until it works.
      this.running = false;
      this.logger.error({ err: payload.error, groupId: this.options.groupId }, 'consumer crashed; rejoining');
      void this.rejoin();
    });
    if (this.transactionalProducer) await this.transactionalProducer.connect();
    await this.join();
  }

  private async rejoin(): Promise<void> {
    for (let attempt = 1; !this.stopping && !this.running; attempt += 1) {
      await sleep(Math.min(10_000, 500 * 2 ** attempt));
      try {
        await this.consumer.disconnect().catch(() => undefined);
        await this.join();
        this.logger.info({ groupId: this.options.groupId, attempt }, 'consumer running again');
      } catch (error) {
        this.logger.warn({ err: error, groupId: this.options.groupId, attempt }, 'consumer could not rejoin yet');
      }
    }
  }

  private async join(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    if (this.transactionalProducer) {
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.onTransactionalBatch(payload),
      });
    } else {
      await this.consumer.run({ autoCommit: true, eachMessage: (payload) => this.onMessage(payload) });
    }
    this.running = true;
  }

  /** Leaves the group after the message in hand is finished; nothing in flight is dropped. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
    await this.transactionalProducer?.disconnect();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Messages of a fetched batch in order, each handled as usual (retries, dead letters) but inside a Kafka
   * transaction that also carries the consumed offsets; committed in chunks. Any failure that would leave a
   * message unfinished aborts the open chunk, so its output disappears and its messages are read again; a
   * producer left unable to begin transactions is replaced first, so the batch read again can commit.
   */
  private async onTransactionalBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    if (this.producerUnusable) await this.replaceTransactionalProducer();
    const producer = this.transactionalProducer!;
    let scope: KafkaTransactionScope | undefined;
    let pending: string[] = [];
    let chunkOpenedAt = 0;
    let phase: TransactionPhase = 'begin';
    const partitionKey = `${batch.topic}:${batch.partition}`;
    const commit = async () => {
      const last = pending.at(-1);
      if (!scope || last === undefined) return;
      if (scope.outgoing && scope.outgoing.length > 0) {
        phase = 'handle';
        try {
          for (const topicMessages of outgoingChunks(scope.outgoing)) await scope.transaction.sendBatch({ acks: -1, topicMessages });
        } catch (error) {
          this.sendOneByOneThrough.set(partitionKey, BigInt(last));
          throw error;
        }
      }
      phase = 'send-offsets';
      await scope.transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      phase = 'commit';
      await scope.transaction.commit();
      phase = 'after-commit';
      const { afterCommit } = scope;
      scope = undefined;
      pending.forEach((offset) => resolveOffset(offset));
      pending = [];
      for (const work of afterCommit) {
        await work().catch((error: unknown) =>
          this.logger.warn({ err: error }, `work after a Kafka commit failed: ${describeError(error)}`),
        );
      }
      await heartbeat();
    };
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        if (!scope) {
          phase = 'begin';
          const oneByOne = this.sendOneByOneThrough.get(partitionKey);
          const gather = oneByOne === undefined || BigInt(message.offset) > oneByOne;
          if (gather) this.sendOneByOneThrough.delete(partitionKey);
          scope = { transaction: await producer.transaction(), afterCommit: [], ...(gather ? { outgoing: [] } : {}) };
          chunkOpenedAt = Date.now();
        }
        const payload = { topic: batch.topic, partition: batch.partition, message, heartbeat, pause: () => () => undefined };
        phase = 'handle';
        await runInKafkaTransaction(scope, () => this.onMessage(payload));
        pending.push(message.offset);
        if (chunkIsDue({ messages: pending.length, openedAt: chunkOpenedAt }, Date.now())) await commit();
      }
      await commit();
    } catch (error) {
      // Handler failures were logged where they happened; a failing commit (fenced producer, coordinator moving) was not.
      if (!(error instanceof ProcessingError))
        this.logger.warn(
          { err: error, topic: batch.topic, partition: batch.partition, uncommitted: pending.length, phase },
          `Kafka transaction failed, its messages will be read again: ${describeError(error)}`,
        );
      let unusable = producerUnusableAfter(phase, error);
      if (scope?.transaction.isActive()) {
        await scope.transaction.abort().catch((abortError: unknown) => {
          unusable ||= producerUnusableAfter('abort', abortError);
          this.logger.warn({ err: abortError }, `could not abort a Kafka transaction: ${describeError(abortError)}`);
        });
      }
      if (unusable) {
        this.producerUnusable = true;
        // A member leaving the group needs no new producer; stop() disconnects the old one.
        if (this.stopping) throw error;
        await this.replaceTransactionalProducer().catch((replaceError: unknown) =>
          this.logger.warn({ err: replaceError }, `could not replace the transactional producer yet: ${describeError(replaceError)}`),
        );
      }
      throw error;
    }
  }

  /**
   * Throws the transactional producer away and connects a new one under the same transactional id; its first
   * transaction initialises the id anew, which fences the old producer and has the broker abort whatever it
   * left open. Until this succeeds every batch tries it again first (and fails, so nothing is committed).
   */
  private async replaceTransactionalProducer(): Promise<void> {
    const transactionalId = this.options.transactionalId!;
    this.logger.warn({ transactionalId, groupId: this.options.groupId }, 'replacing the transactional producer');
    await this.transactionalProducer?.disconnect().catch(() => undefined);
    const fresh = createTransactionalProducer(this.kafka, transactionalId);
    this.transactionalProducer = fresh;
    await fresh.connect();
    this.producerUnusable = false;
  }

  private async onMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const key = message.key ? message.key.toString('utf8') : null;
    const headers = headerMap(message.headers);
    const started = Date.now();
    let decoded: { value: T; recordName: string } | undefined;
    let context: LogContext = contextOf(key, headers, undefined);
    let attempt = 0;
    let firstFailedAt = 0;
    for (;;) {
      attempt += 1;
      try {
        decoded ??= await this.codec.decode<T>(message.value);
        context = contextOf(key, headers, decoded.value);
        const input: ConsumedMessage<T> = {
          topic,
          partition,
          offset: message.offset,
          key,
          headers,
          timestamp: Number(message.timestamp),
          value: decoded.value,
          recordName: decoded.recordName,
          attempt,
          raw: message.value ?? null,
        };
        await runWithLogContext(context, () => this.options.handle(input));
        this.record(topic, context, 'processed', started);
        return;
      } catch (error) {
        firstFailedAt ||= Date.now();
        const failure = error instanceof ProcessingError ? error : undefined;
        const failureClass = failure?.failureClass ?? 'retryable';
        const log = this.logger.child({ ...context, topic, partition, offset: message.offset, attempt });
        const step = onHandlerFailure({
          failureClass,
          attempt,
          maxAttempts: this.options.maxAttempts ?? 3,
          retryBaseDelayMs: this.options.retryBaseDelayMs ?? 200,
          retryAfterMs: failure?.retryAfterMs,
          canDeadLetter: this.options.deadLetter !== undefined,
          stopping: this.stopping,
        });
        switch (step.kind) {
          case 'retry':
            log.warn({ delayMs: Math.round(step.delayMs) }, `retrying after failure: ${describeError(error)}`);
            await sleep(step.delayMs);
            await heartbeat();
            continue;
          case 'dead-letter': {
            const deadLetter = this.options.deadLetter;
            if (!deadLetter) break; // not reached: onHandlerFailure dead-letters only when there is a topic
            const failed: FailedMessage = {
              topic,
              partition,
              offset: message.offset,
              key: message.key ?? null,
              value: message.value ?? null,
              headers,
              tenantId: context.tenantId,
              eventId: context.eventId,
            };
            await runWithLogContext(context, async () => {
              const record = await deadLetter.publish(failed, error, attempt, firstFailedAt);
              await this.options.onDeadLettered?.(record, decoded?.value);
            });
            this.record(topic, context, 'dead_lettered', started);
            return;
          }
          case 'do-not-commit':
            break;
        }
        // Not committing is the safe answer: the message is read again once the platform is back.
        log.error({ err: error }, `not committed, will be read again: ${describeError(error)}`);
        this.record(topic, context, 'redelivered', started);
        throw error;
      }
    }
  }

  private record(topic: string, context: LogContext, outcome: string, started: number): void {
    consumed.inc({ service: this.options.service, topic, tenant_id: context.tenantId ?? 'unknown', outcome });
    handleSeconds.observe({ service: this.options.service, topic, outcome }, (Date.now() - started) / 1000);
  }
}
