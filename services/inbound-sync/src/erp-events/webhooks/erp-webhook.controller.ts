import { Controller, Headers, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADER } from './erp-webhook-admission';
import { ErpWebhookService, type WebhookAnswer } from './erp-webhook.service';

/**
 * POST /v1/webhooks/:tenantId/:connectionId/erp-events: an ERP pushes status changes. Public (no API key: the
 * ERP has none), authenticated by the HMAC signature of the raw body with the connection's inbound secret.
 */
@Controller('v1/webhooks/:tenantId/:connectionId')
export class ErpWebhookController {
  constructor(private readonly webhooks: ErpWebhookService) {}

  @Post('erp-events')
  @HttpCode(202)
  receive(
    @Param('tenantId') tenantId: string,
    @Param('connectionId') connectionId: string,
    @Req() request: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
  ): Promise<WebhookAnswer> {
    return this.webhooks.receive(tenantId, connectionId, request.rawBody, signature);
  }
}
