import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import { DELIVERABLE_ERP_KINDS, allTemplates, findTemplate } from '@ferry/erp-templates';
import { parseBody } from '@ferry/platform';
import { ControlPlaneException } from '../control-plane.exception';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { presentVersion } from '../tenants/tenants.controller';
import { templateUpgradeDiff } from './template-diff';

/** The onboarding templates: public reference data, no tenant's information. */
@Controller('v1/templates')
export class TemplatesController {
  @Get()
  list() {
    return {
      items: allTemplates().map((template) => ({
        name: template.name,
        version: template.version,
        erpKind: template.erpKind,
        description: template.description,
        entities: Object.keys(template.entities),
        deliverable: (DELIVERABLE_ERP_KINDS as readonly string[]).includes(template.erpKind),
      })),
    };
  }

  @Get(':name')
  get(@Param('name') name: string, @Query('version') version?: string) {
    const template = findTemplate(name, version ? Number(version) : undefined);
    if (!template) throw new ControlPlaneException('TEMPLATE_NOT_FOUND', `no template ${name}${version ? `@${version}` : ''}`);
    return template;
  }
}

@Controller('v1/tenants/:tenantId/template-upgrade')
@UseGuards(TenantAccessGuard)
export class TemplateUpgradeController {
  constructor(private readonly tenants: TenantConfigurationService) {}

  /** What upgrading to ?version=N (default: latest) would change; nothing is saved. */
  @Get()
  @RequireScope('read')
  async preview(@Param('tenantId') tenantId: string, @Query('version') version?: string) {
    const { spec } = await this.tenants.current(tenantId);
    return templateUpgradeDiff(spec, this.targetVersion(spec.template.name, version));
  }

  @Post()
  @HttpCode(200)
  @RequireScope('admin')
  async apply(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const { version } = parseBody(z.object({ version: z.number().int().min(1).optional() }), body ?? {});
    const { spec } = await this.tenants.current(tenantId);
    const target = this.targetVersion(spec.template.name, version === undefined ? undefined : String(version));
    const diff = templateUpgradeDiff(spec, target);
    const saved = await this.tenants.change(tenantId, principal, `upgraded template ${diff.from} → ${diff.to}`, (next) => {
      next.template = { name: next.template.name, version: target };
    });
    return { ...presentVersion(saved), diff };
  }

  private targetVersion(name: string, version: string | undefined): number {
    const template = findTemplate(name, version === undefined ? undefined : Number(version));
    if (!template) throw new ControlPlaneException('UNKNOWN_TEMPLATE_VERSION', `template ${name} has no version ${version ?? '(latest)'}`);
    return template.version;
  }
}
