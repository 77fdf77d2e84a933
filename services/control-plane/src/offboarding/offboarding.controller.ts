import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { MAX_EXPORT_PAGE } from '@ferry/tenant-data';
import { OffboardingService } from './offboarding.service';

const exportQuery = z.object({
  table: z.string().min(1).max(63).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_PAGE).default(500),
});

/**
 * Tenant offboarding on the control plane, admin operators only: start it (suspends the tenant), export what the
 * control plane holds for it, and erase it (rows and compacted-topic tombstones) once every other service has.
 * `npm run tenant:offboard` drives the whole sequence across services.
 */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class OffboardingController {
  constructor(private readonly offboarding: OffboardingService) {}

  @Post('offboarding')
  @HttpCode(202)
  @RequireScope('operator')
  async start(@Param('tenantId') tenantId: string, @CallingPrincipal() principal: Principal) {
    return this.offboarding.start(tenantId, principal);
  }

  @Get('export')
  @RequireScope('operator')
  async export(@Param('tenantId') tenantId: string, @Query() query: unknown) {
    const { table, offset, limit } = parseBody(exportQuery, query);
    return table === undefined ? this.offboarding.manifest(tenantId) : this.offboarding.page(tenantId, table, offset, limit);
  }

  @Post('erasure')
  @HttpCode(200)
  @RequireScope('operator')
  async erase(@Param('tenantId') tenantId: string) {
    return this.offboarding.erase(tenantId);
  }
}
