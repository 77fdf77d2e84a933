import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { SchemaCatalog } from '@ferry/contracts';
import { ExpressionSandbox } from '@ferry/mapping';
import { parseBody } from '@ferry/platform';
import { ControlPlaneException } from '../control-plane.exception';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { analyseSchemaImpact } from './schema-impact';

const impactInput = z.object({
  subject: z.string(),
  /** The proposed schema, self-contained (as registered; `npm run schemas:impact` sends a file's). */
  schema: z.record(z.unknown()),
  /** Sample events in the current schema; defaults to schemas/samples/<subject>.json. */
  samples: z.array(z.unknown()).optional(),
});

/** Operators ask, before registering a new version of a canonical schema, which tenants it would affect. */
@Controller('v1/schema-impact')
@UseGuards(TenantAccessGuard)
export class SchemaImpactController {
  constructor(
    private readonly catalog: SchemaCatalog,
    private readonly tenants: TenantConfigurationService,
    private readonly sandbox: ExpressionSandbox,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireScope('operator')
  async analyse(@Body() body: unknown) {
    const input = parseBody(impactInput, body);
    const current = this.catalog.canonicalEvents().find((entry) => entry.subject === input.subject);
    if (!current) throw new ControlPlaneException('NOT_A_CANONICAL_SUBJECT', `${input.subject} is not a canonical event subject`);
    const samples = input.samples ?? this.catalog.samples(current.subject);
    try {
      return await analyseSchemaImpact(
        current,
        input.schema,
        samples,
        (await this.tenants.allCurrent()).map((version) => version.configuration),
        this.sandbox,
      );
    } catch (error) {
      throw new ControlPlaneException('INVALID_SCHEMA', `the proposed schema cannot be used: ${(error as Error).message}`);
    }
  }
}
