import { Controller, Get, HttpCode, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { DeliveryLanesService, type LaneStatus } from './delivery-lanes.service';

/** Support's view of a tenant's ERP connections in this delivery service, and the way to lift a park. */
@Controller('v1/tenants/:tenantId/delivery-lanes')
@UseGuards(TenantAccessGuard)
export class DeliveryLanesController {
  constructor(private readonly lanes: DeliveryLanesService) {}

  @Get()
  @RequireScope('read')
  async list(@Param('tenantId') tenantId: string): Promise<{ lanes: LaneStatus[] }> {
    return { lanes: await this.lanes.status(tenantId) };
  }

  @Post(':connectionId/resume')
  @HttpCode(200)
  @RequireScope('admin')
  async resume(@Param('tenantId') tenantId: string, @Param('connectionId') connectionId: string): Promise<{ resumed: true }> {
    if (!(await this.lanes.resume({ tenantId, connectionId })))
      throw new NotFoundException(`connection ${connectionId} of tenant ${tenantId} is not parked`);
    return { resumed: true };
  }
}
