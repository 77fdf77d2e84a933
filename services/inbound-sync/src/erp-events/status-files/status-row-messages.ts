import { FerryHeaders, Topics, syncStatusMessage } from '@ferry/contracts';
import type { OutgoingEvent } from '@ferry/kafka';
import type { InboundSource } from '../../sync/inbound-change-mapper';
import { erpEventKey } from '../erp-event-feeds';
import type { ErpReference } from '../netsuite-erp-events';
import type { StatusRow } from './status-file-format';
import { CSV_SFTP_RECORD_TYPES, statusRowEvent, type RecordTypeNames } from './status-row-event';

/**
 * The Kafka messages for status rows pushed or dropped by an ERP, in the rows' order: per row its ERP → product
 * event on ferry.erp-events.v1 (key: tenant, entity type, connection and ERP id, as the polled ERPs' events)
 * and a sync status (stage erp-read, direction inbound). `productIds` answers Ferry's books, keyed
 * `recordType/erpRecordId`.
 */
export function statusRowMessages(
  connection: Omit<InboundSource, 'recordType'>,
  rows: readonly StatusRow[],
  productIds: ReadonlyMap<string, string>,
  readAt: number,
  names: RecordTypeNames = CSV_SFTP_RECORD_TYPES,
): OutgoingEvent[] {
  const productIdOf = (reference: ErpReference) => productIds.get(`${reference.recordType}/${reference.erpRecordId}`);
  return rows.flatMap((row) => {
    const { entityType, subject, value } = statusRowEvent(connection, row, productIdOf, readAt, names);
    const { change } = value;
    return [
      {
        topic: Topics.erpEvents,
        key: erpEventKey({ ...connection, recordType: change.erpRecordType }, entityType, row.erpRecordId),
        subject,
        value,
        headers: {
          [FerryHeaders.correlationId]: change.eventId,
          [FerryHeaders.entityType]: entityType,
          'ferry-source-system': connection.erpKind,
        },
      },
      syncStatusMessage(
        {
          eventId: change.eventId,
          tenantId: connection.tenantId,
          correlationId: change.eventId,
          entityType,
          entityId: change.productEntityId ?? `${connection.erpKind}-${row.erpRecordId}`,
          entityVersion: change.changedAt,
          eventOccurredAt: change.changedAt,
          sourceSystem: connection.erpKind,
          connectionId: connection.connectionId,
        },
        'erp-read',
        'delivered',
        { erpKind: connection.erpKind, recordType: change.erpRecordType, externalId: row.externalId, erpRecordId: row.erpRecordId },
        readAt,
      ),
    ];
  });
}
