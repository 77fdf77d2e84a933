import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { RepairService, type RepairItem } from './repair.service';

const repairBody = z
  .object({
    findingIds: z.array(z.string().uuid()).min(1).max(1000).optional(),
    dryRun: z.boolean().default(true),
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();

/** Repairs a run's findings by re-delivering Ferry's version; a dry run unless `dryRun: false`; audited. */
@Controller('v1/tenants/:tenantId/reconciliation-runs/:runId/repairs')
@UseGuards(TenantAccessGuard)
export class RepairsController {
  constructor(private readonly repairs: RepairService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('admin')
  repair(
    @Param('tenantId') tenantId: string,
    @Param('runId') runId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ dryRun: boolean; items: RepairItem[] }> {
    const { findingIds, dryRun, reason } = parseBody(repairBody, body ?? {});
    return this.repairs.repair({
      tenantId,
      runId,
      actor: actorOf(principal),
      dryRun,
      ...(findingIds ? { findingIds } : {}),
      ...(reason ? { reason } : {}),
    });
  }
}
