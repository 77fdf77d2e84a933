import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ReconciliationService, type ReconciliationRun } from './reconciliation.service';

@Controller('v1/tenants/:tenantId/reconciliation-runs')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** Runs a reconciliation now and answers with its results and findings (also published to Kafka). */
  @Post()
  @HttpCode(201)
  run(@Param('tenantId') tenantId: string): Promise<ReconciliationRun> {
    return this.reconciliation.run(tenantId, 'on_demand');
  }

  @Get(':runId')
  find(@Param('tenantId') tenantId: string, @Param('runId') runId: string): Promise<Record<string, unknown>> {
    return this.reconciliation.find(tenantId, runId);
  }
}
