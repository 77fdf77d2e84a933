import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { SyncStatusRepository, type StatusRow } from './sync-status.repository';
import { summarise, type SyncSummary } from './sync-summary';

@Controller('v1/tenants/:tenantId')
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

  /** Most recent statuses, newest first; filter by status or event id. */
  @Get('sync-statuses')
  async recent(
    @Param('tenantId') tenantId: string,
    @Query('limit') limit = '50',
    @Query('status') status?: string,
    @Query('eventId') eventId?: string,
  ): Promise<{ items: StatusRow[] }> {
    const size = Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 500) throw new BadRequestException('limit must be an integer from 1 to 500');
    return { items: await this.repository.recent(tenantId, size, { ...(status ? { status } : {}), ...(eventId ? { eventId } : {}) }) };
  }
}
