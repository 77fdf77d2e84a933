import type { TenantConfiguration } from '@ferry/contracts';
import type { ErpConnector, ErpRecord } from '@ferry/erp-core';
import type { OutgoingEvent } from '@ferry/kafka';
import type { InboundSyncConfig } from '../inbound-sync.config';
import type { ChangeCursor } from '../sync/change-cursor';
import { ErpEventsPoller } from './erp-events-poller';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as never;
const configuration = {
  tenantId: 'acme',
  active: true,
  policies: null,
  connections: [
    { connectionId: 'ns-main', erpKind: 'netsuite', baseUrl: 'http://ns', authKind: 'oauth1_tba', settings: {}, sealedCredentials: null },
  ],
} as unknown as TenantConfiguration;

const invoice = (id: string, lastModified: string, status = 'B'): ErpRecord => ({
  erpRecordId: id,
  externalId: `ferry-inv-${id}`,
  lastModified,
  fields: {
    tranId: `INV${id}`,
    status: { id: status },
    total: 10,
    amountPaid: status === 'B' ? 10 : 0,
    amountRemaining: status === 'B' ? 0 : 10,
  },
});

/** The poller with in-memory cursors, books and producer, and a NetSuite that answers `changed` for invoices. */
function poller(stored: Record<string, ChangeCursor>, changed: ErpRecord[], failPublish = false) {
  const log: string[] = [];
  const published: OutgoingEvent[] = [];
  const cursors = {
    cursorOrStart: async (key: { recordType: string }) => stored[key.recordType] ?? { since: undefined, seenAtCursor: [] },
    save: async (key: { recordType: string }, cursor: ChangeCursor) => {
      log.push(`save ${key.recordType} ${cursor.since}`);
      stored[key.recordType] = cursor;
      return true;
    },
  };
  const links = { productIds: async () => new Map([['invoice/1', 'inv-product-1']]) };
  const producer = {
    publish: async (events: OutgoingEvent[]) => {
      if (failPublish) throw new Error('Kafka down');
      log.push(`publish ${events.length}`);
      published.push(...events);
    },
  };
  const connector = {
    erpKind: 'netsuite',
    listChangedSince: async (_connection: unknown, recordType: string) => (recordType === 'invoice' ? changed : []),
  } as unknown as ErpConnector;
  const sealer = { open: () => ({}) };
  const subject = new ErpEventsPoller(
    cursors as never,
    links as never,
    producer as never,
    sealer as never,
    { netsuite: connector },
    { echoSettleSeconds: 0 } as InboundSyncConfig,
    logger,
  );
  return { subject, log, published, stored };
}

jest.mock('@ferry/tenant-config', () => ({ openConnection: () => ({ tenantId: 'acme' }) }));

describe('ErpEventsPoller', () => {
  it('starts every feed at its first poll without reading the ERP', async () => {
    const { subject, log, published, stored } = poller({}, [invoice('1', '2026-01-01T00:00:00.000Z')]);
    await subject.pollTenant(configuration);
    expect(published).toEqual([]);
    expect(Object.keys(stored).sort()).toEqual([
      'erp-events/customerPayment',
      'erp-events/invoice',
      'erp-events/itemFulfillment',
      'erp-events/salesOrder',
    ]);
    expect(log.every((line) => line.startsWith('save'))).toBe(true);
  });

  it('publishes each change with its sync status, then moves the cursor', async () => {
    const since = '2026-01-01T00:00:00.000Z';
    const { subject, log, published } = poller({ 'erp-events/invoice': { since, seenAtCursor: [] } }, [
      invoice('1', '2026-01-02T00:00:00.000Z'),
      invoice('2', '2026-01-03T00:00:00.000Z', 'A'),
    ]);
    await subject.pollTenant(configuration);
    expect(log.filter((line) => line.includes('invoice'))).toEqual(['save erp-events/invoice 2026-01-03T00:00:00.000Z']);
    expect(log.indexOf('publish 4')).toBeLessThan(log.indexOf('save erp-events/invoice 2026-01-03T00:00:00.000Z'));
    expect(published.map((event) => [event.topic, event.key])).toEqual([
      ['ferry.erp-events.v1', 'acme:invoice:ns-main/1'],
      ['ferry.sync-status.v1', 'acme:invoice:inv-product-1'],
      ['ferry.erp-events.v1', 'acme:invoice:ns-main/2'],
      ['ferry.sync-status.v1', 'acme:invoice:netsuite-2'],
    ]);
    expect(published[0]!.value).toMatchObject({ status: 'paid', change: { productEntityId: 'inv-product-1', erpRecordId: '1' } });
    expect(published[1]!.value).toMatchObject({
      stage: 'erp-read',
      status: 'delivered',
      direction: 'inbound',
      erpRecordId: '1',
      sourceSystem: 'netsuite',
    });
  });

  it('keeps the cursor where it was when the events cannot be published, so the next poll reads them again', async () => {
    const since = '2026-01-01T00:00:00.000Z';
    const { subject, stored } = poller(
      { 'erp-events/invoice': { since, seenAtCursor: [] } },
      [invoice('1', '2026-01-02T00:00:00.000Z')],
      true,
    );
    await subject.pollTenant(configuration);
    expect(stored['erp-events/invoice']).toEqual({ since, seenAtCursor: [] });
  });
});
