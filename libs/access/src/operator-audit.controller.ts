import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { OperatorAuditRepository, type StoredOperatorAuditEntry } from '@ferry/database';
import { parseBody } from '@ferry/platform';
import { RequireScope, TenantAccessGuard } from './access.guard';

const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * The tenant's audited actions in this service (operator_audit: dead-letter replays in observability, lane resumes
 * in each delivery service), newest first. A tenant's own read keys may see what operators did to its data.
 */
@Controller('v1/tenants/:tenantId/operator-audit')
@UseGuards(TenantAccessGuard)
export class OperatorAuditController {
  constructor(private readonly audit: OperatorAuditRepository) {}

  @Get()
  @RequireScope('read')
  async list(@Param('tenantId') tenantId: string, @Query() query: unknown): Promise<{ items: StoredOperatorAuditEntry[] }> {
    const { limit } = parseBody(auditQuery, query);
    return { items: await this.audit.listForTenant(tenantId, limit) };
  }
}
