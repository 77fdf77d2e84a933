import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { redactSealed } from '../audit/redaction';
import { TenantConfigurationService, type TenantVersion } from './tenant-configuration.service';
import { tenantInput } from './tenant-spec';

/** What the API shows of a version: secrets never, sealed credentials as "[sealed with key …]". */
export function presentVersion(version: TenantVersion) {
  return redactSealed({
    tenantId: version.tenantId,
    version: version.version,
    changedBy: version.changedBy,
    change: version.change,
    createdAt: version.createdAt,
    spec: version.spec,
    pendingMappings: version.pending,
  });
}

@Controller('v1/tenants')
@UseGuards(TenantAccessGuard)
export class TenantsController {
  constructor(private readonly tenants: TenantConfigurationService) {}

  /** Onboards a tenant from a template (operators only); connections, credentials and overrides follow. */
  @Post()
  @HttpCode(201)
  @RequireScope('operator')
  async create(@Body() body: unknown, @CallingPrincipal() principal: Principal) {
    return presentVersion(await this.tenants.create(parseBody(tenantInput, body), principal));
  }

  @Get(':tenantId')
  @RequireScope('read')
  async get(@Param('tenantId') tenantId: string) {
    return presentVersion(await this.tenants.current(tenantId));
  }

  @Patch(':tenantId')
  @RequireScope('admin')
  async update(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const input = parseBody(z.object({ displayName: z.string().min(1).max(200).optional(), active: z.boolean().optional() }), body);
    return presentVersion(
      await this.tenants.change(tenantId, principal, `updated tenant ${Object.keys(input).join(', ')}`, (spec) => {
        if (input.displayName !== undefined) spec.displayName = input.displayName;
        if (input.active !== undefined) spec.active = input.active;
      }),
    );
  }

  /** The effective configuration services run with (what the compacted topic carries), credentials sealed. */
  @Get(':tenantId/configuration')
  @RequireScope('read')
  async configuration(@Param('tenantId') tenantId: string) {
    return redactSealed((await this.tenants.current(tenantId)).configuration);
  }

  @Get(':tenantId/configuration/versions')
  @RequireScope('read')
  async versions(@Param('tenantId') tenantId: string) {
    return { items: await this.tenants.versionHistory(tenantId) };
  }

  /** Publishes an earlier version's configuration again, as a new version. */
  @Post(':tenantId/configuration/rollback')
  @HttpCode(200)
  @RequireScope('admin')
  async rollback(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const { version } = parseBody(z.object({ version: z.number().int().min(1) }), body);
    return presentVersion(await this.tenants.rollback(tenantId, version, principal));
  }

  @Get(':tenantId/audit')
  @RequireScope('read')
  async audit(@Param('tenantId') tenantId: string) {
    return { items: await this.tenants.audit(tenantId) };
  }
}
