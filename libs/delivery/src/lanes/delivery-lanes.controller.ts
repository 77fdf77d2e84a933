import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { OperatorAuditRepository } from '@ferry/database';
import { parseBody } from '@ferry/platform';
import { DeliveryLanesService, type LaneStatus } from './delivery-lanes.service';

const resumeBody = z.object({ reason: z.string().min(1).max(500).optional() }).strict();

/** Support's view of a tenant's ERP connections in this delivery service, and the way to lift a park. */
@Controller('v1/tenants/:tenantId/delivery-lanes')
@UseGuards(TenantAccessGuard)
export class DeliveryLanesController {
  constructor(
    private readonly lanes: DeliveryLanesService,
    private readonly audit: OperatorAuditRepository,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Param('tenantId') tenantId: string): Promise<{ lanes: LaneStatus[] }> {
    return { lanes: await this.lanes.status(tenantId) };
  }

  /** Lifts a park; audited (operator_audit) with who did it and the reason given, if any. */
  @Post(':connectionId/resume')
  @HttpCode(200)
  @RequireScope('admin')
  async resume(
    @Param('tenantId') tenantId: string,
    @Param('connectionId') connectionId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ resumed: true }> {
    const { reason } = parseBody(resumeBody, body ?? {});
    if (!(await this.lanes.resume({ tenantId, connectionId })))
      throw new NotFoundException(`connection ${connectionId} of tenant ${tenantId} is not parked`);
    await this.audit.record({
      tenantId,
      actor: actorOf(principal),
      action: 'delivery-lane.resume',
      subject: connectionId,
      before: { parked: true },
      after: { parked: false },
      reason: reason ?? null,
    });
    return { resumed: true };
  }
}
