import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { ObservabilityException } from '../observability.exception';
import { SyncStatusRepository, type StatusRow } from './sync-status.repository';
import { summarise, type SyncSummary } from './sync-summary';

function pageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 500)
    throw new ObservabilityException('INVALID_QUERY', 'limit must be an integer from 1 to 500');
  return size;
}

@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
@RequireScope('read')
export class SyncStatusController {
  constructor(private readonly repository: SyncStatusRepository) {}

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
}
