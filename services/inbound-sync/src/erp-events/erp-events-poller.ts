import { Inject, Injectable } from '@nestjs/common';
import { FerryHeaders, Topics, syncStatusMessage, type ErpConnection, type TenantConfiguration } from '@ferry/contracts';
import type { ErpConnectionContext, ErpConnector } from '@ferry/erp-core';
import { EventProducer, type OutgoingEvent } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { openConnection } from '@ferry/tenant-config';
import type { InboundSyncConfig } from '../inbound-sync.config';
import { advance, newChanges, settledChanges } from '../sync/change-cursor';
import { InboundCursorRepository } from '../sync/inbound-cursor.repository';
import type { InboundSource } from '../sync/inbound-change-mapper';
import { INBOUND_CONNECTORS } from '../sync/inbound-connectors';
import { ERP_EVENT_FEEDS, erpChangeOf, erpEventCursorKey, erpEventKey, firstRunCursor } from './erp-event-feeds';
import { ErpRecordLinkRepository } from './erp-record-link.repository';
import type { ErpEventFeed } from './netsuite-erp-events';

const erpEvents = counter(
  'ferry_inbound_erp_events_total',
  'ERP changes published to the product on ferry.erp-events.v1, or not (not_for_product: e.g. a fulfilment not yet shipped)',
  ['tenant_id', 'erp', 'record_type', 'outcome'],
);

/**
 * ERP → product: polls each connection of an ERP kind that has feeds (NetSuite: sales orders, invoices,
 * payments, item fulfilments) for records changed since its cursor, and publishes each change as an ERP event
 * on ferry.erp-events.v1 with a sync status (stage erp-read, direction inbound). Runs inside the inbound
 * poller's round, so under its `inbound-poll` lease. The cursor moves only after the events are on Kafka.
 */
@Injectable()
export class ErpEventsPoller {
  constructor(
    private readonly cursors: InboundCursorRepository,
    private readonly links: ErpRecordLinkRepository,
    private readonly producer: EventProducer,
    private readonly sealer: SecretSealer,
    @Inject(INBOUND_CONNECTORS) private readonly connectors: Record<string, ErpConnector>,
    @Inject(PLATFORM_CONFIG) private readonly config: InboundSyncConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async pollTenant(configuration: TenantConfiguration): Promise<void> {
    for (const connection of configuration.connections) {
      const feeds = ERP_EVENT_FEEDS[connection.erpKind];
      const connector = this.connectors[connection.erpKind];
      if (!feeds || !connector?.listChangedSince) continue;
      let context: ErpConnectionContext;
      try {
        context = openConnection(configuration.tenantId, connection, this.sealer, configuration.policies);
      } catch (error) {
        // One line per connection, not per feed: a connection whose credentials cannot be opened fails alone.
        this.logger.error(
          { err: error, tenantId: configuration.tenantId, connectionId: connection.connectionId },
          'ERP event poll failed: the connection cannot be opened; it is tried again next time',
        );
        continue;
      }
      for (const feed of feeds) {
        try {
          await this.pollFeed(configuration, connection, context, connector, feed);
        } catch (error) {
          this.logger.error(
            { err: error, tenantId: configuration.tenantId, connectionId: connection.connectionId, recordType: feed.recordType },
            'ERP event poll failed; it resumes from the same cursor next time',
          );
        }
      }
    }
  }

  private async pollFeed(
    configuration: TenantConfiguration,
    connection: ErpConnection,
    context: ErpConnectionContext,
    connector: ErpConnector,
    feed: ErpEventFeed,
  ): Promise<void> {
    const source: InboundSource = {
      tenantId: configuration.tenantId,
      connectionId: connection.connectionId,
      erpKind: connection.erpKind,
      recordType: feed.recordType,
    };
    const key = erpEventCursorKey(source);
    const cursor = await this.cursors.cursorOrStart(key);
    const now = Date.now();
    const start = firstRunCursor(cursor, now);
    if (start) {
      await this.cursors.save(key, start);
      this.logger.info(
        { tenantId: source.tenantId, connectionId: source.connectionId, recordType: feed.recordType, since: start.since },
        'ERP event feed starts now; older records are not read (a backfill reads them)',
      );
      return;
    }
    const records = await connector.listChangedSince!(context, feed.recordType, cursor.since);
    const fresh = settledChanges(newChanges(records, cursor), now, this.config.echoSettleSeconds * 1000);
    if (fresh.length === 0) return;
    const productIds = await this.links.productIds(
      source.tenantId,
      source.connectionId,
      fresh.flatMap((record) => [{ recordType: feed.recordType, erpRecordId: record.erpRecordId }, ...feed.references(record)]),
    );
    const productIdOf = (reference: { recordType: string; erpRecordId: string }) =>
      productIds.get(`${reference.recordType}/${reference.erpRecordId}`);
    const messages: OutgoingEvent[] = [];
    let skipped = 0;
    for (const record of fresh) {
      const change = erpChangeOf(source, record, productIdOf({ recordType: feed.recordType, erpRecordId: record.erpRecordId }), now);
      const outcome = feed.toEvent(record, change, productIdOf, new Date(change.changedAt).toISOString().slice(0, 10));
      if (outcome.kind === 'none') {
        skipped += 1;
        this.logger.info(
          { tenantId: source.tenantId, recordType: feed.recordType, erpRecordId: record.erpRecordId, reason: outcome.reason },
          'ERP change not for the product',
        );
        continue;
      }
      messages.push({
        topic: Topics.erpEvents,
        key: erpEventKey(source, feed.entityType, record.erpRecordId),
        subject: outcome.subject,
        value: outcome.value,
        headers: {
          [FerryHeaders.correlationId]: change.eventId,
          [FerryHeaders.entityType]: feed.entityType,
          'ferry-source-system': source.erpKind,
        },
      });
      messages.push(
        syncStatusMessage(
          {
            eventId: change.eventId,
            tenantId: source.tenantId,
            correlationId: change.eventId,
            entityType: feed.entityType,
            entityId: change.productEntityId ?? `${source.erpKind}-${record.erpRecordId}`,
            entityVersion: change.changedAt,
            eventOccurredAt: change.changedAt,
            sourceSystem: source.erpKind,
            connectionId: source.connectionId,
          },
          'erp-read',
          'delivered',
          { erpKind: source.erpKind, recordType: feed.recordType, externalId: record.externalId, erpRecordId: record.erpRecordId },
          now,
        ),
      );
    }
    await this.producer.publish(messages);
    if (!(await this.cursors.save(key, advance(cursor, fresh), cursor.since)))
      this.logger.info(
        { tenantId: source.tenantId, recordType: feed.recordType },
        'cursor moved by a backfill during the poll; the backfill’s stands',
      );
    const labels = { tenant_id: source.tenantId, erp: source.erpKind, record_type: feed.recordType };
    erpEvents.inc({ ...labels, outcome: 'published' }, messages.length / 2);
    erpEvents.inc({ ...labels, outcome: 'not_for_product' }, skipped);
    this.logger.info(
      { tenantId: source.tenantId, recordType: feed.recordType, published: messages.length / 2, skipped },
      'ERP changes published to the product',
    );
  }
}
