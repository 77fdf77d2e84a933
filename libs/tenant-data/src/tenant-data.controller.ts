import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { TenantDataService } from './tenant-data.service';

/** Largest export page; the CLI asks for pages of this size. */
export const MAX_EXPORT_PAGE = 1000;

const exportQuery = z.object({
  table: z.string().min(1).max(63).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_PAGE).default(500),
});

/**
 * Offboarding's per-service endpoints, for admin operators only: what this service holds for a tenant (without
 * `table`: the row count per table; with it: one page of that table's rows) and the erasure of all of it.
 */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class TenantDataController {
  constructor(@Inject(TenantDataService) private readonly data: TenantDataService) {}

  @Get('export')
  @RequireScope('operator')
  async export(@Param('tenantId') tenantId: string, @Query() query: unknown) {
    const { table, offset, limit } = parseBody(exportQuery, query);
    return table === undefined ? this.data.manifest(tenantId) : this.data.page(tenantId, table, offset, limit);
  }

  @Post('erasure')
  @HttpCode(200)
  @RequireScope('operator')
  async erase(@Param('tenantId') tenantId: string) {
    return this.data.erase(tenantId);
  }
}
