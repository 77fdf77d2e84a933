import { Subjects, Topics, syncStatusMessage, type DeliveryCommand, type DeliveryLaneStateChanged } from '@ferry/contracts';
import { ProcessingError, type DeadLetterPublisher, type EventProducer, type OutgoingEvent } from '@ferry/kafka';
import { runWithOwnLogContext, type Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import type { DeliveryOutboxRepository, FinishedCommand } from '../queue/delivery-outbox.repository';
import { laneId, type LaneKey } from '../queue/lane-key';
import type { AttemptFailure } from './delivery-attempt.service';

const outcomes = counter('ferry_delivery_outcomes_total', 'Final outcomes of delivery commands', ['tenant_id', 'erp', 'outcome']);

function statusSubject(command: DeliveryCommand) {
  return { ...command, replayCount: command.replayCount ?? 0, sourceSystem: command.sourceSystem ?? null };
}

function commonFields(command: DeliveryCommand) {
  return { erpKind: command.erpKind, recordType: command.recordType, externalId: command.externalId, configVersion: command.configVersion };
}

/** The sync status of a command delivered, or skipped as stale (a newer version was delivered first). */
function finalStatus(finished: FinishedCommand, state: 'delivered' | 'stale'): OutgoingEvent {
  const { command } = finished;
  return state === 'delivered'
    ? syncStatusMessage(statusSubject(command), 'delivery', 'delivered', {
        ...commonFields(command),
        erpRecordId: finished.erpRecordId,
        attempts: Math.max(1, finished.attempts + 1),
        contentHash: finished.contentHash,
      })
    : syncStatusMessage(statusSubject(command), 'delivery', 'skipped', {
        ...commonFields(command),
        attempts: finished.attempts,
        errorCode: 'STALE_VERSION',
        errorMessage: `not applied: ${finished.outcomeDetail ?? 'a newer version was delivered'}`,
      });
}

/**
 * Publishes what the queue decided: the outbox of the sync-status and dead-letter topics. A final state is
 * written to PostgreSQL first and published after, then marked reported; a crash in between publishes it
 * again with the same status and dead-letter ids, which consumers count once.
 */
export class DeliveryOutcomeReporter {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly outbox: DeliveryOutboxRepository,
    private readonly producer: EventProducer,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly logger: Logger,
    private readonly service: string,
  ) {}

  /** Publishes the lane's unreported outcomes; concurrent calls for one lane run one after the other. */
  publishOutcomes(lane: LaneKey): Promise<void> {
    const key = laneId(lane);
    const current = this.running.get(key);
    if (current) {
      this.again.add(key);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(key);
          for (;;) {
            const batch = await this.outbox.unreported(lane);
            if (batch.length === 0) break;
            await this.publishInOrder(batch);
            await this.outbox.markReported(batch.map((finished) => finished.id));
          }
        } while (this.again.has(key));
      } catch (error) {
        // Kafka or PostgreSQL away: the outcomes stay unreported and the next sweep publishes them.
        this.logger.warn({ err: error, tenantId: lane.tenantId, connectionId: lane.connectionId }, 'delivery outcomes not published yet');
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, run);
    return run;
  }

  /**
   * The statuses of consecutive delivered and stale commands go out in one produce request (one round trip to
   * the broker instead of one per command, in the same order: one partition per tenant, one request); a
   * dead-lettered command flushes what came before it, then publishes its dead letter and its status as before.
   */
  private async publishInOrder(batch: readonly FinishedCommand[]): Promise<void> {
    let statuses: OutgoingEvent[] = [];
    const flush = async () => {
      if (statuses.length === 0) return;
      const sending = statuses;
      statuses = [];
      await this.producer.publish(sending);
    };
    for (const finished of batch) {
      const { command } = finished;
      outcomes.inc({ tenant_id: command.tenantId, erp: command.erpKind, outcome: finished.state });
      if (finished.state === 'dead_lettered') {
        await flush();
        await runWithOwnLogContext({ tenantId: command.tenantId, correlationId: command.correlationId, eventId: command.eventId }, () =>
          this.publishDeadLettered(finished),
        );
      } else statuses.push(finalStatus(finished, finished.state));
    }
    await flush();
  }

  private async publishDeadLettered(finished: FinishedCommand): Promise<void> {
    const { command, stored } = finished;
    const error = new ProcessingError('permanent', finished.errorCode ?? 'UNEXPECTED_ERROR', finished.errorMessage ?? 'dead-lettered', {
      errorClass: finished.errorClass ?? 'internal',
    });
    const record = await this.deadLetters.publish(
      {
        topic: stored.sourceTopic,
        partition: stored.sourcePartition,
        offset: stored.sourceOffset,
        key: Buffer.from(`${command.tenantId}:${command.entityType}:${command.entityId}`),
        value: stored.sourceValue,
        headers: stored.headers,
        tenantId: command.tenantId,
        eventId: command.eventId,
      },
      error,
      finished.attempts,
      finished.firstFailedAt ?? Date.now(),
      `${this.service}:${command.tenantId}:${command.commandId}:${stored.replayCount}`,
    );
    await this.producer.publish(
      syncStatusMessage(statusSubject(command), 'delivery', 'dead_lettered', {
        ...commonFields(command),
        attempts: record.attempts,
        errorClass: record.errorClass,
        errorCode: record.errorCode,
        errorMessage: record.errorMessage,
      }),
    );
  }

  /** A status on the way (retrying, parked): published once per event and outcome, best effort. */
  async publishProgress(command: DeliveryCommand, status: 'retrying' | 'parked', failure: AttemptFailure, attempts: number): Promise<void> {
    await this.producer
      .publish(
        syncStatusMessage(statusSubject(command), 'delivery', status, {
          erpKind: command.erpKind,
          recordType: command.recordType,
          externalId: command.externalId,
          configVersion: command.configVersion,
          attempts,
          errorClass: failure.errorClass,
          errorCode: failure.errorCode,
          errorMessage: failure.message,
        }),
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, `could not publish the ${status} status`));
  }

  async publishLaneState(change: Omit<DeliveryLaneStateChanged, 'changedAt'>): Promise<void> {
    await this.producer
      .publish({
        topic: Topics.deliveryLaneStates,
        key: change.tenantId,
        subject: Subjects.DeliveryLaneStateChanged,
        value: { ...change, changedAt: Date.now() },
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not publish the lane state change'));
  }
}
