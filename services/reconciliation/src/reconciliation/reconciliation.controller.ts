import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { ReconciliationService, type ReconciliationRun } from './reconciliation.service';

@Controller('v1/tenants/:tenantId/reconciliation-runs')
@UseGuards(TenantAccessGuard)
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** Runs a reconciliation now and answers with its results and findings (also published to Kafka). */
  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  run(@Param('tenantId') tenantId: string): Promise<ReconciliationRun> {
    return this.reconciliation.run(tenantId, 'on_demand');
  }

  @Get(':runId')
  @RequireScope('read')
  find(@Param('tenantId') tenantId: string, @Param('runId') runId: string): Promise<Record<string, unknown>> {
    return this.reconciliation.find(tenantId, runId);
  }
}
