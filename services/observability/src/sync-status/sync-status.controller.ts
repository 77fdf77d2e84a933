import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { ObservabilityException } from '../observability.exception';
import { DeadLetterRepository } from '../dead-letters/dead-letter.repository';
import { traceOf, type RecordTrace } from './record-trace';
import { SyncStatusRepository, type StatusRow } from './sync-status.repository';
import { summarise, type SyncSummary } from './sync-summary';

function pageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 500)
    throw new ObservabilityException('INVALID_QUERY', 'limit must be an integer from 1 to 500');
  return size;
}

/** Statuses of a record's journey a trace shows at most (the newest, when a record has more). */
const TRACE_LIMIT = 500;

@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
@RequireScope('read')
export class SyncStatusController {
  constructor(
    private readonly repository: SyncStatusRepository,
    private readonly deadLetters: DeadLetterRepository,
  ) {}

  /** Totals per outcome and entity type, plus delivery latency percentiles over the last 24 hours. */
  @Get('sync-summary')
  async summary(
    @Param('tenantId') tenantId: string,
  ): Promise<SyncSummary & { deliveryLatencyMs24h: { p50: number | null; p95: number | null; p99: number | null } }> {
    const [rows, percentiles] = await Promise.all([
      this.repository.aggregates(tenantId),
      this.repository.deliveryLatencyPercentiles(tenantId, Date.now() - 24 * 3600 * 1000),
    ]);
    return { ...summarise(tenantId, rows), deliveryLatencyMs24h: percentiles };
  }

  /** Events that stopped with an error (dead-lettered or failed), newest first, with the error class, code and reason. */
  @Get('exceptions')
  async exceptions(@Param('tenantId') tenantId: string, @Query('limit') limit = '50'): Promise<{ items: StatusRow[] }> {
    return { items: await this.repository.recent(tenantId, pageSize(limit), { exceptionsOnly: true }) };
  }

  /** Most recent statuses, newest first; filter by status, event id or entity id (one record's history). */
  @Get('sync-statuses')
  async recent(
    @Param('tenantId') tenantId: string,
    @Query('limit') limit = '50',
    @Query('status') status?: string,
    @Query('eventId') eventId?: string,
    @Query('entityId') entityId?: string,
  ): Promise<{ items: StatusRow[] }> {
    return {
      items: await this.repository.recent(tenantId, pageSize(limit), {
        ...(status ? { status } : {}),
        ...(eventId ? { eventId } : {}),
        ...(entityId ? { entityId } : {}),
      }),
    };
  }

  /**
   * One record's journey: every status of every event about it, oldest first, each try numbered, with the dead
   * letters its events left. Name the record by entityId (and entityType), or by one of its events' eventId.
   */
  @Get('record-trace')
  async trace(
    @Param('tenantId') tenantId: string,
    @Query('entityId') entityId?: string,
    @Query('entityType') entityType?: string,
    @Query('eventId') eventId?: string,
  ): Promise<RecordTrace> {
    const named = entityId ? { entityId, ...(entityType ? { entityType } : {}) } : undefined;
    const record = named ?? (eventId ? await this.repository.recordOfEvent(tenantId, eventId) : undefined);
    if (!record) {
      if (!eventId) throw new ObservabilityException('INVALID_QUERY', 'name the record: entityId (and entityType), or eventId');
      return traceOf({ entityType: null, entityId: '' }, [], []);
    }
    const statuses = await this.repository.history(tenantId, record, TRACE_LIMIT);
    const eventIds = [...new Set(statuses.map((row) => row.eventId))];
    const deadLetters = eventIds.length ? await this.deadLetters.list(tenantId, { eventIds, limit: TRACE_LIMIT }) : [];
    return traceOf(
      { entityType: record.entityType ?? null, entityId: record.entityId },
      statuses,
      deadLetters.map(({ deadLetterId, eventId: id, service, errorCode, status, deadLetteredAt }) => ({
        deadLetterId,
        eventId: id,
        service,
        errorCode,
        status,
        deadLetteredAt,
      })),
    );
  }
}
