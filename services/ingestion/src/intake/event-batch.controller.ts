import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { RequireScope, TenantAccessGuard } from '@ferry/access';
import { SchemaCatalog, validateBatchItems, type ValidatedEvent } from '@ferry/contracts';
import { PLATFORM_CONFIG } from '@ferry/platform';
import { readIdempotencyKey } from '../idempotency/idempotency-key';
import { IdempotencyService } from '../idempotency/idempotency.service';
import type { IngestionConfig } from '../ingestion.config';
import { IngestionException } from '../ingestion.exception';
import { TenantThrottleGuard } from '../throttling/tenant-throttle.guard';
import { CanonicalEventIntakeService, type IntakeResult } from './canonical-event-intake.service';

interface BatchResponse {
  accepted: number;
  duplicates: number;
  events: IntakeResult[];
}

const ACCEPTED = 202;

/**
 * POST /v1/tenants/:tenantId/events with { "events": [{ "type": "CustomerUpserted", "event": { … } }] }.
 * All or nothing: one bad item rejects the batch with 400 listing every bad field of every bad item, and
 * nothing is published; producers fix and resend the whole batch (event ids make the resend safe).
 * An optional `Idempotency-Key` header makes a retry get the first answer back instead of a second publication.
 * Throttled per tenant and per API key (TenantThrottleGuard, after authentication).
 */
@Controller('v1/tenants/:tenantId/events')
@UseGuards(TenantAccessGuard, TenantThrottleGuard)
export class EventBatchController {
  constructor(
    private readonly catalog: SchemaCatalog,
    private readonly intake: CanonicalEventIntakeService,
    private readonly idempotency: IdempotencyService,
    @Inject(PLATFORM_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(ACCEPTED)
  @RequireScope('ingest')
  async ingest(
    @Param('tenantId') tenantId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchResponse> {
    const key = readIdempotencyKey(idempotencyKey);
    if (key.kind === 'invalid') throw new IngestionException('INVALID_IDEMPOTENCY_KEY', key.reason);
    const valid = this.validBatch(tenantId, body);
    if (key.kind === 'absent') return this.accept(valid);
    const answer = await this.idempotency.once(tenantId, key.key, body, async () => ({ status: ACCEPTED, body: await this.accept(valid) }));
    if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }

  private validBatch(tenantId: string, body: unknown): ValidatedEvent[] {
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
    return valid;
  }

  private async accept(valid: ValidatedEvent[]): Promise<BatchResponse> {
    const events = await this.intake.accept(valid, 'http');
    return {
      accepted: events.filter((e) => e.status === 'accepted').length,
      duplicates: events.filter((e) => e.status === 'duplicate').length,
      events,
    };
  }
}
