import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import type { PlatformConfig } from '@ferry/config';
import { connectionDestinationRefusals } from '@ferry/erp-core';
import { PLATFORM_CONFIG, parseBody } from '@ferry/platform';
import { redactSealed } from '../audit/redaction';
import { ControlPlaneException } from '../control-plane.exception';
import { TenantConfigurationService } from './tenant-configuration.service';
import { presentVersion } from './tenants.controller';
import { connectionInput, mappingOverrideInput, parseMappingKey, policiesInput, ruleInput } from './tenant-spec';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkName(kind: string, value: string): string {
  if (!NAME.test(value))
    throw new ControlPlaneException('INVALID_NAME', `${kind} must be lower-case letters, digits and "-" (got "${value}")`);
  return value;
}

/** Connections, mappings, rules and policies: each change is a new configuration version. */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class TenantPartsController {
  constructor(
    private readonly tenants: TenantConfigurationService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get('connections')
  @RequireScope('read')
  async connections(@Param('tenantId') tenantId: string) {
    const { spec } = await this.tenants.current(tenantId);
    return { items: spec.connections.map((connection) => redactSealed(connection)) };
  }

  /** Credentials are sealed on arrival and never returned; omit them to keep the current ones. */
  @Put('connections/:connectionId')
  @RequireScope('admin')
  async putConnection(
    @Param('tenantId') tenantId: string,
    @Param('connectionId') connectionId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ) {
    const input = parseBody(connectionInput, body);
    checkName('connectionId', connectionId);
    // Refused here so the admin hears at once; delivery judges every call again (DNS answers change).
    const refused = await connectionDestinationRefusals(input, this.config.egress);
    if (refused.length > 0)
      throw new ControlPlaneException(
        'UNSAFE_DESTINATION',
        `connection ${connectionId} points where Ferry does not connect: ${refused.map(({ field, problem }) => `${field}: ${problem}`).join('; ')}`,
        refused,
      );
    return presentVersion(
      await this.tenants.change(tenantId, principal, `set connection ${connectionId}`, (spec) => {
        const index = spec.connections.findIndex((connection) => connection.connectionId === connectionId);
        const stored = this.tenants.storedConnection(tenantId, connectionId, input, spec.connections[index]);
        if (!stored.sealedCredentials)
          throw new ControlPlaneException('CREDENTIALS_REQUIRED', `connection ${connectionId} needs credentials`);
        if (index >= 0) spec.connections[index] = stored;
        else spec.connections.push(stored);
      }),
    );
  }

  @Delete('connections/:connectionId')
  @RequireScope('admin')
  async deleteConnection(
    @Param('tenantId') tenantId: string,
    @Param('connectionId') connectionId: string,
    @CallingPrincipal() principal: Principal,
  ) {
    return presentVersion(
      await this.tenants.change(tenantId, principal, `removed connection ${connectionId}`, (spec) => {
        if (!spec.connections.some((connection) => connection.connectionId === connectionId))
          throw new ControlPlaneException('CONNECTION_NOT_FOUND', `no connection ${connectionId}`);
        spec.connections = spec.connections.filter((connection) => connection.connectionId !== connectionId);
      }),
    );
  }

  /** The effective mappings (template + overrides) and the overrides alone. */
  @Get('mappings')
  @RequireScope('read')
  async mappings(@Param('tenantId') tenantId: string) {
    const { configuration, spec, pending } = await this.tenants.current(tenantId);
    return { template: configuration.template, effective: configuration.mappings, overrides: spec.mappingOverrides, pending };
  }

  /** Overrides of one entity's template mapping; validated against the canonical schema and the ERP template. */
  @Put('mappings/:entityType')
  @RequireScope('admin')
  async putMapping(
    @Param('tenantId') tenantId: string,
    @Param('entityType') entityType: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ) {
    const key = parseMappingKey(entityType);
    if ('problem' in key) throw new ControlPlaneException('UNKNOWN_ENTITY_TYPE', key.problem);
    const override = parseBody(mappingOverrideInput, body);
    return presentVersion(
      await this.tenants.change(tenantId, principal, `set mapping ${entityType}`, (spec) => {
        spec.mappingOverrides[entityType] = override;
      }),
    );
  }

  /** Drops the tenant's overrides for an entity: it goes back to the template mapping. */
  @Delete('mappings/:entityType')
  @RequireScope('admin')
  async resetMapping(
    @Param('tenantId') tenantId: string,
    @Param('entityType') entityType: string,
    @CallingPrincipal() principal: Principal,
  ) {
    return presentVersion(
      await this.tenants.change(tenantId, principal, `reset mapping ${entityType}`, (spec) => {
        delete spec.mappingOverrides[entityType];
      }),
    );
  }

  @Get('rules')
  @RequireScope('read')
  async rules(@Param('tenantId') tenantId: string) {
    return { items: (await this.tenants.current(tenantId)).spec.rules };
  }

  @Put('rules/:ruleName')
  @RequireScope('admin')
  async putRule(
    @Param('tenantId') tenantId: string,
    @Param('ruleName') ruleName: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ) {
    const rule = { ...parseBody(ruleInput, body), name: checkName('rule name', ruleName) };
    return presentVersion(
      await this.tenants.change(tenantId, principal, `set rule ${ruleName}`, (spec) => {
        const index = spec.rules.findIndex((candidate) => candidate.name === ruleName);
        if (index >= 0) spec.rules[index] = rule;
        else spec.rules.push(rule);
      }),
    );
  }

  @Delete('rules/:ruleName')
  @RequireScope('admin')
  async deleteRule(@Param('tenantId') tenantId: string, @Param('ruleName') ruleName: string, @CallingPrincipal() principal: Principal) {
    return presentVersion(
      await this.tenants.change(tenantId, principal, `removed rule ${ruleName}`, (spec) => {
        if (!spec.rules.some((rule) => rule.name === ruleName)) throw new ControlPlaneException('RULE_NOT_FOUND', `no rule ${ruleName}`);
        spec.rules = spec.rules.filter((rule) => rule.name !== ruleName);
      }),
    );
  }

  @Put('policies')
  @HttpCode(200)
  @RequireScope('admin')
  async putPolicies(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const policies = parseBody(policiesInput, body);
    return presentVersion(
      await this.tenants.change(tenantId, principal, 'set policies', (spec) => {
        spec.policies = policies;
      }),
    );
  }
}
