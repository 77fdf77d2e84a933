import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per delivery command that reached the ERP: the idempotency ledger of a delivery service. */
@Entity({ name: 'delivery_ledger' })
export class DeliveryLedgerEntry {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'connection_id', type: 'text' })
  connectionId!: string;

  @Column({ name: 'record_type', type: 'text' })
  recordType!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ name: 'erp_record_id', type: 'text' })
  erpRecordId!: string;

  @Column({ name: 'entity_version', type: 'bigint' })
  entityVersion!: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'config_version', type: 'int' })
  configVersion!: number;

  @Column({ name: 'attempts', type: 'int' })
  attempts!: number;

  @Column({ name: 'delivered_at', type: 'timestamptz' })
  deliveredAt!: Date;
}
