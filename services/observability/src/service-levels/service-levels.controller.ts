import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { PLATFORM_CONFIG } from '@ferry/platform';
import { ObservabilityException } from '../observability.exception';
import type { ObservabilityConfig } from '../observability.config';
import { ServiceLevelsRepository } from './service-levels.repository';
import {
  FLEET_SORTS,
  SERVICE_LEVEL_WINDOWS,
  fleetServiceLevels,
  tenantServiceLevels,
  type FleetPage,
  type FleetSort,
  type ServiceLevelWindow,
  type TenantServiceLevels,
} from './service-levels';

interface WindowInfo {
  window: ServiceLevelWindow;
  since: string;
  generatedAt: string;
  objectives: { completionSeconds: number };
}

function windowOf(value: string): ServiceLevelWindow {
  if (!(value in SERVICE_LEVEL_WINDOWS))
    throw new ObservabilityException('INVALID_QUERY', `window must be one of ${Object.keys(SERVICE_LEVEL_WINDOWS).join(', ')}`);
  return value as ServiceLevelWindow;
}

function integer(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new ObservabilityException('INVALID_QUERY', `${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

/**
 * Business SLIs per tenant and for the fleet: success ratio, completion time against its objective, backlog,
 * freshness, open exceptions and their resolution time. The same figures as the Prometheus metrics, for a
 * console or a support engineer without Grafana.
 */
@Controller('v1')
@UseGuards(TenantAccessGuard)
export class ServiceLevelsController {
  constructor(
    private readonly repository: ServiceLevelsRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  private windowInfo(window: ServiceLevelWindow, now: number): WindowInfo {
    return {
      window,
      since: new Date(now - SERVICE_LEVEL_WINDOWS[window]).toISOString(),
      generatedAt: new Date(now).toISOString(),
      objectives: { completionSeconds: this.config.completionObjectiveMs / 1000 },
    };
  }

  @Get('tenants/:tenantId/service-levels')
  @RequireScope('read')
  async tenant(@Param('tenantId') tenantId: string, @Query('window') window = '24h'): Promise<WindowInfo & TenantServiceLevels> {
    const info = this.windowInfo(windowOf(window), Date.now());
    const since = new Date(info.since);
    const [outcomes, backlog, openExceptions, completionMs, resolution] = await Promise.all([
      this.repository.outcomes(since, tenantId),
      this.repository.backlog(tenantId),
      this.repository.openExceptions(tenantId),
      this.repository.completionPercentiles(tenantId, since),
      this.repository.resolution(tenantId, since),
    ]);
    const now = Date.parse(info.generatedAt);
    return { ...info, ...tenantServiceLevels({ tenantId, outcomes, backlog, openExceptions, completionMs, resolution, now }) };
  }

  /** Every tenant, paged and sortable (worst first: sort=freshness|backlog|openExceptions desc, successRatio asc). Operators of any role only. */
  @Get('service-levels')
  @RequireScope('fleet-read')
  async fleet(
    @Query('window') window = '24h',
    @Query('sort') sort = 'tenant',
    @Query('order') order = 'asc',
    @Query('limit') limit = '50',
    @Query('offset') offset = '0',
    @Query('tenant') tenantPrefix?: string,
  ): Promise<WindowInfo & FleetPage & { limit: number; offset: number }> {
    if (!(FLEET_SORTS as readonly string[]).includes(sort))
      throw new ObservabilityException('INVALID_QUERY', `sort must be one of ${FLEET_SORTS.join(', ')}`);
    if (order !== 'asc' && order !== 'desc') throw new ObservabilityException('INVALID_QUERY', 'order must be asc or desc');
    const page = { limit: integer('limit', limit, 1, 500), offset: integer('offset', offset, 0, 1_000_000) };
    const info = this.windowInfo(windowOf(window), Date.now());
    const [outcomes, backlog, openExceptions, lastRecorded] = await Promise.all([
      this.repository.outcomes(new Date(info.since)),
      this.repository.backlog(),
      this.repository.openExceptions(),
      this.repository.lastRecorded(),
    ]);
    const result = fleetServiceLevels({
      outcomes,
      backlog,
      openExceptions,
      lastRecorded,
      now: Date.parse(info.generatedAt),
      sort: sort as FleetSort,
      order,
      ...page,
      ...(tenantPrefix ? { tenantPrefix } : {}),
    });
    return { ...info, ...result, ...page };
  }
}
