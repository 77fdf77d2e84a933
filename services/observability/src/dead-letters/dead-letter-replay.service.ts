import { Inject, Injectable } from '@nestjs/common';
import {
  FerryHeaders,
  SchemaCatalog,
  Subjects,
  Topics,
  entityKey,
  semanticProblems,
  type CanonicalEvent,
  type DeliveryCommand,
} from '@ferry/contracts';
import { AvroCodec, EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { histogram } from '@ferry/metrics';
import { ExpressionSandbox, restrictToConnection, routeCanonicalEvent, type RoutingDecision } from '@ferry/mapping';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationView } from '@ferry/tenant-config';
import type { ObservabilityConfig } from '../observability.config';
import type { ReplayRefusalCode } from '../observability.exception';
import { DeadLetterRepository, type StoredDeadLetter } from './dead-letter.repository';

/**
 * Fleet-wide (per tenant: the service-levels API); observed once, by the replica that ran the replay or the
 * resolution (exception-queue.controller.ts).
 */
export const exceptionResolution = histogram(
  'ferry_exception_resolution_seconds',
  'Exception resolution time: from a message being dead-lettered to an operator replaying or resolving it',
  ['error_class'],
  [60, 300, 900, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600],
);

export interface ReplayPreview {
  /** What the replayed message would become now: accepted by ingestion, delivered, skipped or rejected. */
  decision: 'accept' | 'deliver' | 'skip' | 'reject' | 'resend';
  reason?: string;
  configVersion?: number | null;
  commands?: { connectionId: string; erpKind: string; recordType: string; externalId: string; payload: unknown }[];
}

export interface ReplayItem {
  deadLetterId: string;
  service: string;
  eventId: string | null;
  outcome: 'would_replay' | 'replayed' | 'refused' | 'failed';
  reason?: string;
  topic?: string;
  replayCount?: number;
  preview?: ReplayPreview;
}

interface ReplayTarget {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  preview: ReplayPreview;
}

class Refusal extends Error {
  constructor(
    readonly code: ReplayRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

function previewOf(decision: RoutingDecision, configVersion: number | null): ReplayPreview {
  switch (decision.kind) {
    case 'deliver':
      return {
        decision: 'deliver',
        configVersion,
        commands: decision.commands.map((command) => ({
          connectionId: command.connectionId,
          erpKind: command.erpKind,
          recordType: command.recordType,
          externalId: command.externalId,
          payload: JSON.parse(command.payloadJson) as unknown,
        })),
      };
    case 'skip':
      return { decision: 'skip', reason: decision.reason, configVersion };
    case 'reject':
      return { decision: 'reject', reason: `${decision.code}: ${decision.reason}`, configVersion };
  }
}

/**
 * Replays dead letters from where they stopped, under the tenant's current configuration: a product event goes
 * back to ingestion, a canonical event back to transformation, and a failed delivery goes back to
 * transformation as the canonical event it came from, restricted to that one connection (the delivery
 * services' ledger and upserts make a replay of something already delivered change nothing). A dry run
 * answers what each replay would produce and sends nothing. Each dead letter replays once; a replay that fails
 * again is a new dead letter one replay further, and past the limit replays are refused (no loops).
 */
@Injectable()
export class DeadLetterReplayService {
  constructor(
    private readonly repository: DeadLetterRepository,
    private readonly codec: AvroCodec,
    private readonly catalog: SchemaCatalog,
    private readonly producer: EventProducer,
    private readonly configurations: TenantConfigurationView,
    private readonly sandbox: ExpressionSandbox,
    @Inject(PLATFORM_CONFIG) private readonly config: ObservabilityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async replay(deadLetters: StoredDeadLetter[], dryRun: boolean): Promise<ReplayItem[]> {
    const items: ReplayItem[] = [];
    for (const deadLetter of deadLetters) {
      const base = { deadLetterId: deadLetter.deadLetterId, service: deadLetter.service, eventId: deadLetter.eventId };
      let target: ReplayTarget;
      try {
        target = await this.targetOf(deadLetter);
      } catch (error) {
        items.push({ ...base, outcome: 'refused', reason: error instanceof Refusal ? `${error.code}: ${error.message}` : String(error) });
        continue;
      }
      const planned = { ...base, topic: target.topic, replayCount: deadLetter.replayCount + 1, preview: target.preview };
      if (dryRun) {
        items.push({ ...planned, outcome: 'would_replay' });
        continue;
      }
      if (!(await this.repository.markReplayed(deadLetter.deadLetterId, target.topic))) {
        items.push({ ...base, outcome: 'refused', reason: 'ALREADY_REPLAYED: another replay of this dead letter ran first' });
        continue;
      }
      try {
        await this.producer.publishRaw(target);
        exceptionResolution.observe(
          { error_class: deadLetter.errorClass },
          Math.max(0, Date.now() - Date.parse(deadLetter.deadLetteredAt)) / 1000,
        );
        items.push({ ...planned, outcome: 'replayed' });
        this.logger.info(
          { deadLetterId: deadLetter.deadLetterId, tenantId: deadLetter.tenantId, topic: target.topic, replayCount: planned.replayCount },
          'dead letter replayed',
        );
      } catch (error) {
        await this.repository.reopen(deadLetter.deadLetterId).catch(() => undefined);
        items.push({ ...planned, outcome: 'failed', reason: (error as Error).message });
      }
    }
    return items;
  }

  private async targetOf(deadLetter: StoredDeadLetter): Promise<ReplayTarget> {
    if (deadLetter.status === 'replayed')
      throw new Refusal(
        'ALREADY_REPLAYED',
        `replayed at ${deadLetter.replayedAt} to ${deadLetter.replayedTo}; a new failure would be a new dead letter`,
      );
    if (deadLetter.replayCount >= this.config.deadLetterMaxReplays)
      throw new Refusal(
        'REPLAY_LIMIT',
        `the event was replayed ${deadLetter.replayCount} times already and failed again; fix the cause (see the error) or raise DEAD_LETTER_MAX_REPLAYS`,
      );
    if (!deadLetter.value || !deadLetter.tenantId)
      throw new Refusal('NOTHING_TO_REPLAY', 'the dead letter holds no message or no tenant (it was unreadable when it failed)');
    const headers: Record<string, string> = {
      ...(deadLetter.headers[FerryHeaders.correlationId]
        ? { [FerryHeaders.correlationId]: deadLetter.headers[FerryHeaders.correlationId]! }
        : {}),
      [FerryHeaders.replayCount]: String(deadLetter.replayCount + 1),
      [FerryHeaders.replayOf]: deadLetter.deadLetterId,
    };
    if (deadLetter.service === 'ingestion') return this.productEventTarget(deadLetter, deadLetter.value, headers);
    if (deadLetter.service === 'transformation') return this.canonicalEventTarget(deadLetter.tenantId, deadLetter.value, headers);
    if (deadLetter.service.startsWith('delivery-')) return this.deliveryTarget(deadLetter, deadLetter.value, headers);
    throw new Refusal('NOT_REPLAYABLE', `dead letters of ${deadLetter.service} are for inspection only`);
  }

  private async productEventTarget(deadLetter: StoredDeadLetter, value: Buffer, headers: Record<string, string>): Promise<ReplayTarget> {
    const target = { topic: Topics.productEvents, key: deadLetter.key?.toString('utf8') ?? deadLetter.tenantId!, value, headers };
    try {
      const decoded = await this.codec.decode<CanonicalEvent>(value);
      const entry = this.catalog.canonicalEvents().find((candidate) => candidate.subject === decoded.recordName);
      if (!entry) return { ...target, preview: { decision: 'reject', reason: `${decoded.recordName} is not a canonical event` } };
      const problems = semanticProblems(decoded.value, entry, deadLetter.tenantId ?? undefined);
      return {
        ...target,
        preview:
          problems.length > 0
            ? { decision: 'reject', reason: problems.map((p) => `${p.field} ${p.problem}`).join('; ') }
            : { decision: 'accept' },
      };
    } catch (error) {
      return { ...target, preview: { decision: 'reject', reason: `still unreadable: ${(error as Error).message}` } };
    }
  }

  private async canonicalEventTarget(
    tenantId: string,
    value: Buffer,
    headers: Record<string, string>,
    onlyConnection?: string,
  ): Promise<ReplayTarget> {
    let decoded;
    try {
      decoded = await this.codec.decode<CanonicalEvent>(value);
    } catch (error) {
      throw new Refusal('UNREADABLE', `the event cannot be decoded: ${(error as Error).message}`);
    }
    const entry = this.catalog.canonicalEvents().find((candidate) => candidate.subject === decoded.recordName);
    if (!entry?.entityType) throw new Refusal('UNREADABLE', `${decoded.recordName} is not a canonical event`);
    const event = decoded.value;
    if (event.envelope.tenantId !== tenantId) throw new Refusal('UNREADABLE', 'the event belongs to another tenant');
    const configuration = await this.configurations.latest(tenantId);
    let decision = await routeCanonicalEvent(event, entry.entityType, configuration, this.sandbox);
    if (onlyConnection) decision = restrictToConnection(decision, onlyConnection);
    return {
      topic: Topics.canonicalEvents,
      key: entityKey(tenantId, entry.entityType, event.envelope.entityId),
      value,
      headers: {
        ...headers,
        [FerryHeaders.entityType]: entry.entityType,
        ...(onlyConnection ? { [FerryHeaders.replayConnection]: onlyConnection } : {}),
      },
      preview: previewOf(decision, configuration?.version ?? null),
    };
  }

  private async deliveryTarget(deadLetter: StoredDeadLetter, value: Buffer, headers: Record<string, string>): Promise<ReplayTarget> {
    let command: DeliveryCommand;
    try {
      command = (await this.codec.decode<DeliveryCommand>(value)).value;
    } catch (error) {
      throw new Refusal('UNREADABLE', `the delivery command cannot be decoded: ${(error as Error).message}`);
    }
    if (command.sourceEvent) return this.canonicalEventTarget(deadLetter.tenantId!, command.sourceEvent, headers, command.connectionId);
    // Commands from before events travelled with them: only the payload as mapped then can be sent again.
    const replayCount = deadLetter.replayCount + 1;
    return {
      topic: Topics.deliveryCommands(command.erpKind),
      key: entityKey(command.tenantId, command.entityType, command.entityId),
      value: await this.codec.encode(Subjects.DeliveryCommand, { ...command, replayCount }),
      headers,
      preview: {
        decision: 'resend',
        reason: `the source event was not kept; the payload mapped under configuration v${command.configVersion} is sent again`,
        configVersion: command.configVersion,
        commands: [
          {
            connectionId: command.connectionId,
            erpKind: command.erpKind,
            recordType: command.recordType,
            externalId: command.externalId,
            payload: JSON.parse(command.payloadJson) as unknown,
          },
        ],
      },
    };
  }
}
