import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { SchemaCatalog, validateBatchItems } from '@ferry/contracts';
import { PLATFORM_CONFIG } from '@ferry/platform';
import type { IngestionConfig } from '../ingestion.config';
import { IngestionException } from '../ingestion.exception';
import { CanonicalEventIntakeService, type IntakeResult } from './canonical-event-intake.service';

interface BatchResponse {
  accepted: number;
  duplicates: number;
  events: IntakeResult[];
}

/**
 * POST /v1/tenants/:tenantId/events with { "events": [{ "type": "CustomerUpserted", "event": { … } }] }.
 * All or nothing: one bad item rejects the batch with 400 listing every bad field of every bad item, and
 * nothing is published; producers fix and resend the whole batch (event ids make the resend safe).
 */
@Controller('v1/tenants/:tenantId/events')
@UseGuards(TenantAccessGuard)
export class EventBatchController {
  constructor(
    private readonly catalog: SchemaCatalog,
    private readonly intake: CanonicalEventIntakeService,
    @Inject(PLATFORM_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  async ingest(@Param('tenantId') tenantId: string, @Body() body: unknown): Promise<BatchResponse> {
    const items = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(items) || items.length === 0) {
      throw new IngestionException(
        'INVALID_BATCH',
        'body must be {"events": [{"type": "<CanonicalEvent>", "event": {…}}, …]} with at least one event',
      );
    }
    if (items.length > this.config.maxBatchSize) {
      throw new IngestionException('BATCH_TOO_LARGE', `a batch holds at most ${this.config.maxBatchSize} events; got ${items.length}`);
    }
    const { valid, invalid } = validateBatchItems(this.catalog, tenantId, items);
    if (invalid.length > 0) {
      throw new IngestionException(
        'INVALID_EVENTS',
        `${invalid.length} of ${items.length} events are invalid; nothing was accepted`,
        invalid,
      );
    }
    const events = await this.intake.accept(valid, 'http');
    return {
      accepted: events.filter((e) => e.status === 'accepted').length,
      duplicates: events.filter((e) => e.status === 'duplicate').length,
      events,
    };
  }
}
