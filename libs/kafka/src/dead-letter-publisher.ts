import { randomUUID } from 'node:crypto';
import { Subjects, Topics, type DeadLetterRecord } from '@ferry/contracts';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import type { EventProducer } from './event-producer';
import { ProcessingError, describeError } from './processing.error';

export interface FailedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  tenantId: string | undefined;
  eventId: string | undefined;
}

const deadLettered = counter('ferry_dead_letters_total', 'Messages parked on a dead-letter topic', ['service', 'tenant_id', 'error_class']);

/** Parks a message that cannot be processed, bytes untouched, with the reason, so nothing is ever lost. */
export class DeadLetterPublisher {
  constructor(
    private readonly service: string,
    private readonly producer: EventProducer,
    private readonly logger: Logger,
  ) {}

  get topic(): string {
    return Topics.deadLetter(this.service);
  }

  /** `deadLetterId`: a stable id when the same failure may be published twice (an outbox resending after a crash). */
  async publish(
    message: FailedMessage,
    error: unknown,
    attempts: number,
    firstFailedAt: number,
    deadLetterId?: string,
  ): Promise<DeadLetterRecord> {
    const failure =
      error instanceof ProcessingError
        ? { errorClass: error.errorClass, errorCode: error.code }
        : { errorClass: 'internal', errorCode: 'UNEXPECTED_ERROR' };
    const record: DeadLetterRecord = {
      deadLetterId: deadLetterId ?? randomUUID(),
      service: this.service,
      tenantId: message.tenantId ?? null,
      eventId: message.eventId ?? null,
      sourceTopic: message.topic,
      sourcePartition: message.partition,
      sourceOffset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
      ...failure,
      errorMessage: describeError(error),
      attempts,
      firstFailedAt,
      deadLetteredAt: Date.now(),
    };
    await this.producer.publish({
      topic: this.topic,
      key: message.tenantId ?? 'unknown-tenant',
      subject: Subjects.DeadLetterRecord,
      value: record,
    });
    deadLettered.inc({ service: this.service, tenant_id: message.tenantId ?? 'unknown', error_class: failure.errorClass });
    this.logger.warn(
      {
        deadLetterId: record.deadLetterId,
        errorClass: failure.errorClass,
        errorCode: failure.errorCode,
        reason: record.errorMessage,
        sourceTopic: message.topic,
        sourceOffset: message.offset,
      },
      'message dead-lettered',
    );
    return record;
  }
}
