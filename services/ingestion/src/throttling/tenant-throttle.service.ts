import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import type { IngestionConfig } from '../ingestion.config';
import { TenantConfigurationView } from '@ferry/tenant-config';
import { RateLimitBucketRepository } from './rate-limit-bucket.repository';
import { tenantRateLimits } from './tenant-rate-limits';
import { combinedReport, reportOf, type RateLimitReport } from './token-bucket';

const decisions = counter('ferry_ingestion_rate_limit_total', 'HTTP requests checked against the token buckets, by outcome', [
  'tenant_id',
  'outcome',
]);

const PRUNE_INTERVAL_MS = 60 * 60_000;
const PRUNE_IDLE_HOURS = 24;

/**
 * Per-tenant and per-API-key throttling of the HTTP API: the tenant's policy (apiLimits) within the fleet's caps,
 * else the fleet defaults of the configuration. A request
 * takes one token from its API key's bucket and, if granted, one from its tenant's (operators only the tenant's).
 * A database that does not answer lets the request through: throttling protects the fleet, it must not be what
 * takes ingestion down.
 */
@Injectable()
export class TenantThrottleService implements OnModuleInit, OnModuleDestroy {
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly buckets: RateLimitBucketRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: Pick<IngestionConfig, 'rateLimits'>,
    @Inject(LOGGER) private readonly logger: Logger,
    // Absent in specs that run the controller alone: the fleet defaults then apply to every tenant.
    @Optional() private readonly configurations?: TenantConfigurationView,
  ) {}

  async check(tenantId: string, principal: Principal | undefined): Promise<RateLimitReport | undefined> {
    // What this replica's view holds (no I/O per request): a changed policy applies once the view has read it.
    const policy = this.configurations?.cached(tenantId)?.policies?.apiLimits;
    const { tenant, apiKey } = tenantRateLimits(this.config.rateLimits, policy);
    try {
      const reports: RateLimitReport[] = [];
      if (principal?.kind === 'tenant') {
        const byKey = reportOf(await this.buckets.take(`key:${principal.id}`, apiKey), apiKey);
        reports.push(byKey);
        if (!byKey.granted) return this.counted(tenantId, 'throttled_api_key', byKey);
      }
      const byTenant = reportOf(await this.buckets.take(`tenant:${tenantId}`, tenant), tenant);
      reports.push(byTenant);
      const report = combinedReport(reports);
      return this.counted(tenantId, report.granted ? 'allowed' : 'throttled_tenant', report);
    } catch (error) {
      this.logger.warn({ err: error, tenantId }, 'rate limit buckets unavailable; request let through unthrottled');
      decisions.inc({ tenant_id: tenantId, outcome: 'unchecked' });
      return undefined;
    }
  }

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  private async prune(): Promise<void> {
    await this.buckets.pruneIdle(PRUNE_IDLE_HOURS).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not prune idle rate limit buckets; trying again later');
    });
  }

  private counted(tenantId: string, outcome: string, report: RateLimitReport): RateLimitReport {
    decisions.inc({ tenant_id: tenantId, outcome });
    return report;
  }
}
