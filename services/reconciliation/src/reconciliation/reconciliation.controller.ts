import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { ReconciliationService, type QueuedRun, type RunView } from './reconciliation.service';

@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /**
   * Queues a run (a job any replica works off) and answers at once with its id; GET it for progress and findings.
   * Body `{ mode: 'full' | 'incremental' }`, full when absent.
   */
  @Post('reconciliation-runs')
  @HttpCode(202)
  @RequireScope('admin')
  async run(@Param('tenantId') tenantId: string, @Body() body: unknown): Promise<QueuedRun | undefined> {
    return this.reconciliation.enqueue(tenantId, 'on_demand', body);
  }

  @Get('reconciliation-runs/:runId')
  @RequireScope('read')
  find(@Param('tenantId') tenantId: string, @Param('runId') runId: string): Promise<RunView> {
    return this.reconciliation.find(tenantId, runId);
  }

  /** The tenant's drift as its latest finished run found it: records checked, in sync, drifted by cause. */
  @Get('reconciliation-drift')
  @RequireScope('read')
  drift(@Param('tenantId') tenantId: string): ReturnType<ReconciliationService['driftSummary']> {
    return this.reconciliation.driftSummary(tenantId);
  }
}
