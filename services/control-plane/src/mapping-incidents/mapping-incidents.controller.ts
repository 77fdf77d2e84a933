import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { incidentIsOpen } from './mapping-incident';
import { MappingIncidentsRepository } from './mapping-incidents.repository';

/**
 * The tenant's expressions that hit a sandbox limit on real events. An incident is open while the configuration in
 * force still has that very expression; changing the expression closes it (its history stays).
 */
@Controller('v1/tenants/:tenantId/mapping-incidents')
@UseGuards(TenantAccessGuard)
export class MappingIncidentsController {
  constructor(
    private readonly tenants: TenantConfigurationService,
    private readonly incidents: MappingIncidentsRepository,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Param('tenantId') tenantId: string) {
    const { configuration, version } = await this.tenants.current(tenantId);
    const items = (await this.incidents.listForTenant(tenantId)).map((incident) => ({
      ...incident,
      open: incidentIsOpen(incident, configuration),
    }));
    return { configurationVersion: version, open: items.filter((item) => item.open).length, items };
  }
}
