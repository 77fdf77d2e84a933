import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { ENTITY_TYPES, SchemaCatalog, validateBatchItems } from '@ferry/contracts';
import { ExpressionSandbox, routeCanonicalEvent } from '@ferry/mapping';
import { parseBody } from '@ferry/platform';
import { ControlPlaneException } from '../control-plane.exception';
import { configurationProblems, effectiveConfiguration } from '../tenants/effective-configuration';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { mappingOverrideInput, ruleInput } from '../tenants/tenant-spec';

const previewInput = z.object({
  type: z.string(),
  event: z.unknown(),
  /** A configuration change to try instead of the current one: mapping overrides by entity, rules by name. */
  proposed: z
    .object({
      mappingOverrides: z.record(z.enum(ENTITY_TYPES), mappingOverrideInput).optional(),
      rules: z
        .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'rule names are lower-case letters, digits and "-"'), ruleInput)
        .optional(),
    })
    .optional(),
});

/**
 * Dry run: the exact ERP payloads the tenant's current (or a proposed) configuration would produce for a
 * sample canonical event, with the rules' results. Nothing is saved, published or sent. It needs the admin
 * scope: it evaluates caller-supplied expressions on Ferry's processes, which a read-only key must not do.
 */
@Controller('v1/tenants/:tenantId/preview')
@UseGuards(TenantAccessGuard)
export class PreviewController {
  constructor(
    private readonly tenants: TenantConfigurationService,
    private readonly catalog: SchemaCatalog,
    private readonly sandbox: ExpressionSandbox,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireScope('admin')
  async preview(@Param('tenantId') tenantId: string, @Body() body: unknown) {
    const input = parseBody(previewInput, body);
    const current = await this.tenants.current(tenantId);
    const { valid, invalid } = validateBatchItems(this.catalog, tenantId, [{ type: input.type, event: input.event }]);
    if (invalid.length > 0 || !valid[0])
      throw new ControlPlaneException('INVALID_EVENT', 'the sample event is not a valid canonical event', invalid[0]?.problems);
    const { entry, event } = valid[0];
    const spec = structuredClone(current.spec);
    if (input.proposed?.mappingOverrides) Object.assign(spec.mappingOverrides, input.proposed.mappingOverrides);
    for (const [name, rule] of Object.entries(input.proposed?.rules ?? {})) {
      spec.rules = [...spec.rules.filter((existing) => existing.name !== name), { ...rule, name }];
    }
    const problems = input.proposed ? configurationProblems(spec, this.catalog.canonicalEvents()) : [];
    if (problems.length > 0) return { configuration: 'proposed', valid: false, problems };
    const configuration = input.proposed
      ? effectiveConfiguration(spec, current.version + 1, 'preview').configuration
      : current.configuration;
    const decision = await routeCanonicalEvent(event, entry.entityType ?? '', configuration, this.sandbox);
    return {
      configuration: input.proposed ? 'proposed' : `v${current.version}`,
      valid: true,
      rules: decision.rules,
      outcome: decision.kind,
      ...(decision.kind === 'deliver'
        ? {
            deliveries: decision.commands.map((c) => ({
              connectionId: c.connectionId,
              erpKind: c.erpKind,
              recordType: c.recordType,
              externalId: c.externalId,
              payload: JSON.parse(c.payloadJson) as unknown,
            })),
          }
        : { reason: decision.reason, ...(decision.kind === 'reject' ? { errorClass: decision.errorClass, code: decision.code } : {}) }),
    };
  }
}
