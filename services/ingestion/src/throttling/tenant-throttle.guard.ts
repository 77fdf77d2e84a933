import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import type { Request, Response } from 'express';
import { IngestionException } from '../ingestion.exception';
import { TenantThrottleService } from './tenant-throttle.service';
import { rateLimitHeaders } from './token-bucket';

/**
 * Throttles a route per tenant (its :tenantId) and per API key. Listed after TenantAccessGuard, so only
 * authenticated callers spend tokens and the key is known. Every answer carries the RateLimit headers; one over
 * budget is 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class TenantThrottleGuard implements CanActivate {
  constructor(private readonly throttle: TenantThrottleService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = context.switchToHttp().getResponse<Response>();
    const tenantId = String(request.params['tenantId']);
    const report = await this.throttle.check(tenantId, request.principal);
    if (!report) return true;
    for (const [name, value] of Object.entries(rateLimitHeaders(report))) response.setHeader(name, value);
    if (!report.granted)
      throw new IngestionException(
        'RATE_LIMITED',
        `tenant ${tenantId} is over its request rate (${report.limit} at once); retry after ${report.retryAfterSeconds} s`,
      );
    return true;
  }
}
