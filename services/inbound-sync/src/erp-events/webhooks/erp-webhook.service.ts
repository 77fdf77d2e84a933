import { Inject, Injectable } from '@nestjs/common';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG, parseBody } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationView, openConnectionCredentials } from '@ferry/tenant-config';
import type { InboundSyncConfig } from '../../inbound-sync.config';
import { InboundSyncException } from '../../inbound-sync.exception';
import { ErpRecordLinkRepository } from '../erp-record-link.repository';
import { statusRowMessages } from '../status-files/status-row-messages';
import { statusRowReferences } from '../status-files/status-row-event';
import { webhookAdmission } from './erp-webhook-admission';
import { WEBHOOK_RECORD_TYPES, erpWebhookBody, webhookStatusRows } from './erp-webhook-body';
import { ErpWebhookReceiptRepository } from './erp-webhook-receipt.repository';

const deliveries = counter(
  'ferry_inbound_webhook_deliveries_total',
  'Signed ERP webhook deliveries: published, duplicate (a replay: nothing published), refused (by code; tenant not labelled)',
  ['tenant_id', 'outcome'],
);

export interface WebhookAnswer {
  received: number;
  published: number;
  duplicate: boolean;
}

/**
 * ERP → product by push: a delivery to a tenant connection's webhook is let in by its signature (the
 * connection's credentials.inboundSigningSecret), validated, and its events published on ferry.erp-events.v1
 * with the polled ERPs' key convention, once per signed delivery.
 */
@Injectable()
export class ErpWebhookService {
  constructor(
    private readonly configurations: TenantConfigurationView,
    private readonly sealer: SecretSealer,
    private readonly receipts: ErpWebhookReceiptRepository,
    private readonly links: ErpRecordLinkRepository,
    private readonly producer: EventProducer,
    @Inject(PLATFORM_CONFIG) private readonly config: InboundSyncConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async receive(
    tenantId: string,
    connectionId: string,
    rawBody: Buffer | undefined,
    signature: string | undefined,
  ): Promise<WebhookAnswer> {
    const connection = this.connectionOf(tenantId, connectionId);
    const admission = webhookAdmission({
      secret: connection?.secret,
      rawBody,
      signatureHeader: signature,
      now: Date.now(),
      toleranceSeconds: this.config.webhook.toleranceSeconds,
      maxBodyBytes: this.config.webhook.maxBodyBytes,
    });
    if (admission.kind === 'refused') {
      deliveries.inc({ tenant_id: '-', outcome: `refused_${admission.code.toLowerCase()}` });
      this.logger.warn(
        { tenantId: tenantId.slice(0, 100), connectionId: connectionId.slice(0, 100), code: admission.code },
        'ERP webhook refused',
      );
      throw new InboundSyncException(admission.code, admission.message);
    }
    const body = parseBody(erpWebhookBody, JSON.parse(admission.text));
    const rows = webhookStatusRows(body);
    const source = { tenantId, connectionId, erpKind: connection!.erpKind };
    const outcome = await this.receipts.once(
      { tenantId, connectionId, receiptKey: admission.receiptKey, events: rows.length },
      this.config.webhook.toleranceSeconds * 2,
      async () => {
        const productIds = await this.links.productIds(
          tenantId,
          connectionId,
          rows.flatMap((row) => statusRowReferences(row, WEBHOOK_RECORD_TYPES)),
        );
        await this.producer.publish(statusRowMessages(source, rows, productIds, Date.now(), WEBHOOK_RECORD_TYPES));
      },
    );
    const duplicate = outcome === 'duplicate';
    deliveries.inc({ tenant_id: tenantId, outcome: duplicate ? 'duplicate' : 'published' });
    this.logger.info(
      { tenantId, connectionId, events: rows.length, duplicate },
      duplicate ? 'ERP webhook delivery seen before: nothing published' : 'ERP webhook events published',
    );
    return { received: rows.length, published: duplicate ? 0 : rows.length, duplicate };
  }

  /** The connection and its inbound secret, from this replica's view; undefined when there is no such active connection. */
  private connectionOf(tenantId: string, connectionId: string): { erpKind: string; secret: string | undefined } | undefined {
    const configuration = this.configurations.cached(tenantId);
    const connection = configuration?.active ? configuration.connections.find((c) => c.connectionId === connectionId) : undefined;
    if (!connection) return undefined;
    try {
      return { erpKind: connection.erpKind, secret: openConnectionCredentials(this.sealer, tenantId, connection)['inboundSigningSecret'] };
    } catch (error) {
      this.logger.error({ err: error, tenantId, connectionId }, 'ERP webhook: the connection’s credentials cannot be opened');
      return { erpKind: connection.erpKind, secret: undefined };
    }
  }
}
