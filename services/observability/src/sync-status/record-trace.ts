import { isFinalSyncOutcome, isRecordedSyncOutcome } from '@ferry/contracts';
import type { StatusRow } from './sync-status.repository';

/** What a step of a record's journey came to: on its way, done, skipped, or stopped with an error. */
export type StepOutcome = 'in-progress' | 'succeeded' | 'skipped' | 'stopped' | 'unknown';

export interface TraceDeadLetter {
  deadLetterId: string;
  eventId: string | null;
  service: string;
  errorCode: string;
  status: string;
  deadLetteredAt: string;
}

export interface TraceStep {
  at: string;
  eventId: string;
  stage: string;
  status: string;
  outcome: StepOutcome;
  /** Which try of this event at this stage and connection this was: 1, and one more after each `retrying`. */
  attempt: number;
  connectionId: string | null;
  erpKind: string | null;
  erpRecordId: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number | null;
  configVersion: number | null;
  /** The dead letters this step left (a dead-lettered step), for replay from the exception queue. */
  deadLetterIds: string[];
}

export interface TracedEvent {
  eventId: string;
  firstSeenAt: string;
  lastStatus: string;
  outcome: StepOutcome;
}

export interface RecordTrace {
  entityType: string | null;
  entityId: string;
  events: TracedEvent[];
  steps: TraceStep[];
  /** Dead letters of the record's events that no recorded status points to (e.g. stopped before any status). */
  otherDeadLetters: TraceDeadLetter[];
}

const STAGES = ['transformation', 'delivery', 'erp-read'];
const stageRank = (stage: string) => (STAGES.includes(stage) ? STAGES.indexOf(stage) : STAGES.length);

export function outcomeOf(status: string): StepOutcome {
  if (!isRecordedSyncOutcome(status)) return 'unknown';
  if (status === 'delivered') return 'succeeded';
  if (status === 'skipped') return 'skipped';
  return isFinalSyncOutcome(status) ? 'stopped' : 'in-progress';
}

/**
 * One record's journey from its statuses (any order) and its events' dead letters: every status in the order it was
 * recorded, numbered per event, stage and connection (a retry is the next attempt), each dead-lettered step with
 * its dead letters, and per event how far it got.
 */
export function traceOf(
  record: { entityType: string | null; entityId: string },
  statuses: StatusRow[],
  deadLetters: TraceDeadLetter[],
): RecordTrace {
  // Statuses recorded in the same millisecond keep the pipeline's order: transformation before delivery.
  const ordered = [...statuses].sort(
    (a, b) =>
      a.recordedAt.getTime() - b.recordedAt.getTime() || stageRank(a.stage) - stageRank(b.stage) || a.statusId.localeCompare(b.statusId),
  );
  const retries = new Map<string, number>();
  const attached = new Set<string>();
  const steps = ordered.map((row): TraceStep => {
    const key = `${row.eventId}\u0000${row.stage}\u0000${row.connectionId ?? ''}`;
    // Each `retrying` ends a try: the statuses after it belong to the next one.
    const attempt = (retries.get(key) ?? 0) + 1;
    if (row.status === 'retrying') retries.set(key, attempt);
    const own =
      row.status === 'dead_lettered' || row.status === 'failed'
        ? deadLetters.filter((dl) => dl.eventId === row.eventId && !attached.has(dl.deadLetterId))
        : [];
    for (const dl of own) attached.add(dl.deadLetterId);
    return {
      at: row.recordedAt.toISOString(),
      eventId: row.eventId,
      stage: row.stage,
      status: row.status,
      outcome: outcomeOf(row.status),
      attempt,
      connectionId: row.connectionId,
      erpKind: row.erpKind,
      erpRecordId: row.erpRecordId,
      errorClass: row.errorClass,
      errorCode: row.errorCode,
      errorMessage: row.errorMessage,
      latencyMs: row.latencyMs,
      configVersion: row.configVersion,
      deadLetterIds: own.map((dl) => dl.deadLetterId),
    };
  });
  const events = new Map<string, TracedEvent>();
  for (const step of steps) {
    const seen = events.get(step.eventId);
    events.set(step.eventId, {
      eventId: step.eventId,
      firstSeenAt: seen?.firstSeenAt ?? step.at,
      lastStatus: step.status,
      outcome: step.outcome,
    });
  }
  return {
    entityType: record.entityType,
    entityId: record.entityId,
    events: [...events.values()],
    steps,
    otherDeadLetters: deadLetters.filter((dl) => !attached.has(dl.deadLetterId)),
  };
}
