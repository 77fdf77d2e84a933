import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { SystemOfRecordConflictRepository, type StoredConflict } from './system-of-record-conflict.repository';

const listQuery = z.object({
  entityId: z.string().min(1).max(200).optional(),
  fieldGroup: z
    .string()
    .regex(/^[A-Za-z]{1,40}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * The exception queue's master-data part: ERP changes to fields another system owns, newest first (one per record
 * and field, with both values). Resolving one is done where the data lives: the owner's value is written back by
 * the owner's next change, or the rule is changed.
 */
@Controller('v1/tenants/:tenantId/master-data-conflicts')
@UseGuards(TenantAccessGuard)
@RequireScope('read')
export class SystemOfRecordConflictsController {
  constructor(private readonly repository: SystemOfRecordConflictRepository) {}

  @Get()
  async list(@Param('tenantId') tenantId: string, @Query() query: unknown): Promise<{ items: StoredConflict[] }> {
    return { items: await this.repository.list(tenantId, parseBody(listQuery, query)) };
  }
}
